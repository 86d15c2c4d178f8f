// py-orc's librosa figures for audio-processing `analyze`, computed on the worker from 16-bit PCM
// samples (mono): spectral centroid, roll-off and bandwidth as librosa defines them (a 2048-point
// Hann-windowed FFT every 512 samples, frames centred on zero padding, means over frames), py-orc's
// noise level read from the centroid's steadiness, and a tempo estimated as librosa estimates
// it — the autocorrelation of an onset envelope (spectral flux), weighted towards 120 BPM. The
// spectral figures match librosa's to rounding; the tempo is the same method, simplified (no mel
// bands), so it can differ from librosa's by a tempo octave on ambiguous material.

const FFT_SIZE = 2048;
const HOP = 512;
const ROLL_PERCENT = 0.85;

export interface AudioFeatures {
  spectral_centroid_hz: number;
  spectral_rolloff_hz: number;
  spectral_bandwidth_hz: number;
  noise_level: 'low' | 'medium' | 'high';
  tempo_bpm: number;
}

export function audioFeatures(mono: Float64Array, sampleRate: number): AudioFeatures {
  const spectra = magnitudeSpectra(mono);
  const binHz = sampleRate / FFT_SIZE;
  const centroids: number[] = [];
  const rolloffs: number[] = [];
  const bandwidths: number[] = [];
  for (const spectrum of spectra) {
    let total = 0;
    let weighted = 0;
    for (let bin = 0; bin < spectrum.length; bin += 1) {
      total += spectrum[bin]!;
      weighted += bin * binHz * spectrum[bin]!;
    }
    const centroid = total > 0 ? weighted / total : 0;
    let spread = 0;
    let cumulative = 0;
    let rolloff = -1;
    for (let bin = 0; bin < spectrum.length; bin += 1) {
      const share = total > 0 ? spectrum[bin]! / total : 0;
      spread += share * (bin * binHz - centroid) ** 2;
      cumulative += spectrum[bin]!;
      if (rolloff < 0 && total > 0 && cumulative >= ROLL_PERCENT * total) rolloff = bin * binHz;
    }
    centroids.push(centroid);
    rolloffs.push(Math.max(rolloff, 0));
    bandwidths.push(Math.sqrt(spread));
  }
  const centroidMean = mean(centroids);
  // py-orc's "flatness": the centroid's mean over its spread (a steady centroid is tonal).
  const flatness = centroidMean / (standardDeviation(centroids, centroidMean) + 1e-6);
  return {
    spectral_centroid_hz: centroidMean,
    spectral_rolloff_hz: mean(rolloffs),
    spectral_bandwidth_hz: mean(bandwidths),
    noise_level: flatness > 0.8 ? 'high' : flatness > 0.5 ? 'medium' : 'low',
    tempo_bpm: tempoOf(spectra, sampleRate),
  };
}

/** |FFT| of each Hann-windowed frame, frames centred on the samples (zero-padded at both ends). */
function magnitudeSpectra(samples: Float64Array): Float64Array[] {
  const window = Float64Array.from(
    { length: FFT_SIZE },
    (_, index) => 0.5 - 0.5 * Math.cos((2 * Math.PI * index) / FFT_SIZE),
  );
  const frames = 1 + Math.floor(samples.length / HOP);
  const spectra: Float64Array[] = [];
  for (let frame = 0; frame < frames; frame += 1) {
    const real = new Float64Array(FFT_SIZE);
    const imaginary = new Float64Array(FFT_SIZE);
    const start = frame * HOP - FFT_SIZE / 2;
    for (let index = 0; index < FFT_SIZE; index += 1) {
      const at = start + index;
      if (at >= 0 && at < samples.length) real[index] = samples[at]! * window[index]!;
    }
    fft(real, imaginary);
    const magnitude = new Float64Array(FFT_SIZE / 2 + 1);
    for (let bin = 0; bin <= FFT_SIZE / 2; bin += 1) magnitude[bin] = Math.hypot(real[bin]!, imaginary[bin]!);
    spectra.push(magnitude);
  }
  return spectra;
}

/** Beats per minute from the onset envelope's autocorrelation, weighted by librosa's prior (log-normal around 120). */
function tempoOf(spectra: Float64Array[], sampleRate: number): number {
  const onsets = spectra.map((spectrum, frame) => {
    if (frame === 0) return 0;
    const previous = spectra[frame - 1]!;
    let flux = 0;
    for (let bin = 0; bin < spectrum.length; bin += 1)
      flux += Math.max(0, Math.log1p(spectrum[bin]!) - Math.log1p(previous[bin]!));
    return flux;
  });
  const framesPerSecond = sampleRate / HOP;
  let best = 0;
  let bestScore = 0;
  for (let lag = 1; lag < onsets.length; lag += 1) {
    const bpm = (60 * framesPerSecond) / lag;
    if (bpm < 30) break;
    if (bpm > 300) continue;
    let correlation = 0;
    for (let frame = lag; frame < onsets.length; frame += 1) correlation += onsets[frame]! * onsets[frame - lag]!;
    const score = correlation * Math.exp(-0.5 * Math.log2(bpm / 120) ** 2);
    if (score > bestScore) [best, bestScore] = [bpm, score];
  }
  return Math.round(best * 100) / 100;
}

/** In-place iterative radix-2 FFT (length a power of two). */
function fft(real: Float64Array, imaginary: Float64Array): void {
  const size = real.length;
  for (let index = 1, reversed = 0; index < size; index += 1) {
    let bit = size >> 1;
    for (; reversed & bit; bit >>= 1) reversed ^= bit;
    reversed ^= bit;
    if (index < reversed) {
      [real[index], real[reversed]] = [real[reversed]!, real[index]!];
      [imaginary[index], imaginary[reversed]] = [imaginary[reversed]!, imaginary[index]!];
    }
  }
  for (let length = 2; length <= size; length <<= 1) {
    const angle = (-2 * Math.PI) / length;
    for (let start = 0; start < size; start += length) {
      for (let offset = 0; offset < length / 2; offset += 1) {
        const cos = Math.cos(angle * offset);
        const sin = Math.sin(angle * offset);
        const a = start + offset;
        const b = a + length / 2;
        const tr = real[b]! * cos - imaginary[b]! * sin;
        const ti = real[b]! * sin + imaginary[b]! * cos;
        real[b] = real[a]! - tr;
        imaginary[b] = imaginary[a]! - ti;
        real[a] = real[a]! + tr;
        imaginary[a] = imaginary[a]! + ti;
      }
    }
  }
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}

function standardDeviation(values: readonly number[], average: number): number {
  return Math.sqrt(mean(values.map((value) => (value - average) ** 2)));
}
