// py-orc's video-processing tool through a real pipeline on the real dev server: ffprobe and
// ffmpeg run in the bubblewrap sandbox on a clip made at test time (red for 1.5 s, then blue,
// with a tone), the key frames go to a vision model through the real OpenAI SDK and the local
// server, and later steps read py-orc's result fields — a frame goes on to image-analysis.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reply, wavAudio } from '../providers/index.js';
import { useOpenAIServer } from '../support/openai-test-server.js';
import { runPipelineDocument } from '../support/run-document.js';
import { loadPipeline } from '../../client/load-pipeline.js';
import { ffmpegProblem, writeColourClip, writeStillImage } from '../support/sample-video.js';
import { compatRoot, withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';
import { BUILT_IN_TOOLS } from '../../workflows/lang/tools/index.js';
import { bubblewrapProblem } from '../sandbox/sandbox-pipelines.js';

const problem = ffmpegProblem() ?? bubblewrapProblem();
if (problem) console.warn(`skipping the video-processing tests: ${problem}`);

const openai = useOpenAIServer();
const JPEG = (bytes: Buffer) => bytes[0] === 0xff && bytes[1] === 0xd8;
const ANSWER = JSON.stringify({ summary: 'A red card, then a blue one.', objects: ['red card', 'blue card'] });

describe.skipIf(problem !== undefined)('video-processing', { timeout: 120_000 }, () => {
  it('analyses, extracts frames and audio, summarises; a frame goes on to image-analysis', async () => {
    openai.server.respondWith((seen) =>
      seen.messages[0]?.text.startsWith('These are') ? reply({ text: ANSWER }) : reply({ text: 'A red square.' }),
    );
    const ir = compileTest(`
parameters: {input_video: {type: string, default: clips/cards.mp4}}
steps:
  - {id: analyze_video, tool: video-processing, action: execute, parameters: {video: "{{ parameters.input_video }}", operation: analyze, output_path: out/keys}}
  - id: extract_key_frames
    tool: video-processing
    action: execute
    parameters: {video: "{{ parameters.input_video }}", operation: extract_frames, frame_interval: 0.5, output_path: out/video_frames}
  - {id: audio, tool: video-processing, action: execute, parameters: {video: {file: "{{ parameters.input_video }}"}, operation: extract_audio, start_time: 1, end_time: 2.5, output_path: out}}
  - {id: summary, tool: video-processing, action: execute, depends_on: [analyze_video], parameters: {video: "{{ parameters.input_video }}", operation: summarize, output_path: out/keys}}
  - id: analyze_key_frames
    tool: image-analysis
    action: execute
    condition: "{{ extract_key_frames.frames | length > 0 }}"
    parameters: {image: "{{ extract_key_frames.frames[0] }}", analysis_type: describe, detail_level: medium}
  - id: report
    tool: filesystem
    action: write
    parameters:
      path: out/report.md
      content: "{{ analyze_video.analysis.video_info.resolution }} {{ analyze_video.analysis.scene_changes | join(', ') }} {{ analyze_video.analysis.dominant_colors | join(', ') }} {{ extract_key_frames.frames | length }} {{ analyze_key_frames.analysis.result }}"
`);
    await withWorker(
      async (engine) => {
        const clips = join(engine.workspaceRoot, 'clips');
        await mkdir(clips);
        writeColourClip(join(clips, 'cards.mp4'), {
          scenes: [
            { colour: 'red', seconds: 1.5 },
            { colour: 'blue', seconds: 1.5 },
          ],
          toneHz: 440,
        });
        const document = await runPipelineDocument(engine, ir);
        expect(document.success, JSON.stringify(document.steps, null, 1)).toBe(true);
        // Every field each operation returns is declared (what orc validate checks reads against).
        const declared = BUILT_IN_TOOLS['video-processing']!.actions.execute!.returns ?? [];
        for (const step of ['analyze_video', 'extract_key_frames', 'audio', 'summary'])
          for (const field of Object.keys(document.steps[step]?.result as object))
            expect(declared, `${step}.${field}`).toContain(field);
        const analysis = (document.steps.analyze_video?.result as { analysis: Record<string, unknown> }).analysis;
        expect(analysis).toMatchObject({
          video_info: {
            duration: 3,
            fps: 10,
            resolution: '64x48',
            width: 64,
            height: 48,
            frame_count: 30,
            has_audio: true,
          },
          summary: 'A red card, then a blue one.',
          detected_objects: ['red card', 'blue card'],
          scene_changes: [1.5],
          dominant_colors: ['red', 'blue'],
          key_frames: ['out/keys/key_frame_0000.jpg', 'out/keys/key_frame_0001.jpg'],
          model_used: 'openai:gpt-4o-mini',
        });
        const vision = openai.server.requests.find((request) =>
          request.seen?.messages[0]?.text.startsWith('These are'),
        )?.seen;
        expect(vision?.messages[0]?.media).toEqual([
          expect.objectContaining({ mediaType: 'image/jpeg' }),
          expect.objectContaining({ mediaType: 'image/jpeg' }),
        ]);

        const frames = document.steps.extract_key_frames?.result as {
          frames: string[];
          metadata: Record<string, unknown>;
        };
        expect(frames.frames).toEqual([0, 1, 2, 3, 4, 5].map((index) => `out/video_frames/frame_000${index}.jpg`));
        expect(frames.metadata).toEqual({
          num_frames: 6,
          interval: 0.5,
          output_directory: 'out/video_frames',
          timestamps: [0, 0.5, 1, 1.5, 2, 2.5],
        });
        for (const frame of frames.frames) expect(JPEG(await readFile(join(engine.workspaceRoot, frame)))).toBe(true);

        expect(document.steps.audio?.result).toMatchObject({
          success: true,
          audio_path: 'out/extracted_audio.wav',
          metadata: { format: 'wav', duration: 1.5, sample_rate: 8000, channels: 1 },
        });
        const wav = await readFile(join(engine.workspaceRoot, 'out/extracted_audio.wav'));
        expect(wav.subarray(8, 12).toString('latin1')).toBe('WAVE');
        // 1.5 s of 16-bit mono at 8000 Hz, give or take an AAC frame.
        expect(Math.abs(wav.length - 44 - 1.5 * 8000 * 2)).toBeLessThan(1024 * 2 + 200);

        expect(document.steps.summary?.result).toMatchObject({
          success: true,
          summary:
            'Video Summary: Duration 3s, Resolution 64x48, Detected: red card, blue card. A red card, then a blue one.',
          key_moments: [1.5],
          metadata: { duration: 3, model: 'openai:gpt-4o-mini' },
        });
        expect(await readFile(join(engine.workspaceRoot, 'out/report.md'), 'utf8')).toBe(
          '64x48 1.5 red, blue 6 A red square.',
        );
      },
      { models: openai.models() },
    );
  });

  it('says what is wrong: a missing video, a file that is no video, an audio track it lacks, a path outside', async () => {
    const ir = compileTest(`
steps:
  - {id: missing, on_failure: continue, tool: video-processing, action: execute, parameters: {video: nowhere.mp4, operation: analyze}}
  - {id: not_video, on_failure: continue, tool: video-processing, action: execute, parameters: {video: notes.txt, operation: extract_frames}}
  - {id: silent, on_failure: continue, tool: video-processing, action: execute, parameters: {video: silent.mp4, operation: extract_audio}}
  - {id: outside, on_failure: continue, tool: video-processing, action: execute, parameters: {video: silent.mp4, operation: extract_frames, output_path: ../elsewhere}}
  - {id: backwards, on_failure: continue, tool: video-processing, action: execute, parameters: {video: silent.mp4, operation: extract_frames, start_time: 2, end_time: 1}}
`);
    await withWorker(async (engine) => {
      await writeFile(join(engine.workspaceRoot, 'notes.txt'), 'not a video');
      writeColourClip(join(engine.workspaceRoot, 'silent.mp4'), { scenes: [{ colour: 'white', seconds: 0.5 }] });
      const document = await runPipelineDocument(engine, ir);
      const error = (step: string) => document.steps[step]?.error;
      expect(error('missing')).toMatchObject({ type: 'FileNotFound', message: expect.stringContaining('nowhere.mp4') });
      expect(error('not_video')).toMatchObject({
        type: 'ToolError',
        message: expect.stringMatching(/ffprobe failed to read "notes.txt" \(exit 1\): .*Invalid data/),
      });
      expect(error('silent')?.message).toContain('"silent.mp4" has no audio track to extract');
      expect(error('outside')).toMatchObject({ type: 'PathOutsideWorkspace' });
      expect(error('backwards')?.message).toContain('"end_time" (1) must be after "start_time" (2)');
      await expect(stat(join(engine.workspaceRoot, '../elsewhere'))).rejects.toThrow();
    });
  });

  it('multimodal_processing.yaml (py-orc corpus) runs end to end as orc run -o out runs it', async () => {
    openai.server.respondWith((seen) => {
      if (seen.endpoint === 'transcriptions') return reply({ text: 'Testing one two three.' });
      if (seen.endpoint === 'images') return reply({});
      const question = seen.messages[0]?.text ?? '';
      if (question.startsWith('These are')) return reply({ text: ANSWER });
      if (question.startsWith('List all objects')) return reply({ text: '- a red square\n- In this image, a frame' });
      return reply({ text: 'This image shows a red square.' });
    });
    const loaded = await loadPipeline(join(compatRoot, 'multimodal_processing.yaml'), undefined, undefined, undefined, [
      'output_path',
    ]);
    expect(loaded.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    await withWorker(
      async (engine) => {
        await mkdir(join(engine.workspaceRoot, 'samples'));
        writeStillImage(join(engine.workspaceRoot, 'samples/test_image.jpg'), 'red');
        await writeFile(join(engine.workspaceRoot, 'samples/test_speech.wav'), wavAudio(1.5, 8000, 440));
        writeColourClip(join(engine.workspaceRoot, 'samples/test_video_real.mp4'), {
          scenes: [
            { colour: 'red', seconds: 1.5 },
            { colour: 'blue', seconds: 1.5 },
          ],
          toneHz: 440,
        });
        const document = await runPipelineDocument(engine, loaded.ir!, { output_path: 'out', output_dir: 'out' });
        expect(document.success, JSON.stringify(document.steps, null, 1)).toBe(true);
        const report = await readFile(join(engine.workspaceRoot, 'out/analysis_report.md'), 'utf8');
        for (const line of [
          '### Description\nThis image shows a red square.',
          '- a red square',
          'Created 3 artistic variations using DALL-E 3:',
          '![Variation 3](generated_images/image-3.png)',
          '> "Testing one two three."',
          '- **Sample Rate**: 8000 Hz',
          '- **Tempo**: ',
          '- **Resolution**: 64x48',
          '- **Total Frames**: 30',
          'A red card, then a blue one.',
          '- **Scene Change Timestamps**: 1.5 seconds',
          '- **Detected Objects**: red card, blue card',
          '- **Dominant Colors**: red, blue',
          '### Frame Analysis\na red square.',
          '- **Generated Images**: 3',
          '- **Extracted Video Frames**: 6',
        ])
          expect(report).toContain(line);
        // The template drops the model's conversational lines, as in py-orc.
        expect(report).not.toContain('In this image');
        for (const file of [
          'out/test_image.jpg',
          'out/generated_images/image-3.png',
          'out/video_frames/frame_0005.jpg',
        ])
          expect((await stat(join(engine.workspaceRoot, file))).size).toBeGreaterThan(0);
        expect(document.outputs).toMatchObject({
          video_summary: 'A red card, then a blue one.',
          audio_transcription: 'Testing one two three.',
          report_location: 'out/analysis_report.md',
        });
      },
      { models: openai.models() },
    );
  });
});
