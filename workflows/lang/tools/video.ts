// py-orc's video-processing tool: ffmpeg and ffprobe in the code sandbox, frames read by a vision
// model as image-analysis reads an image (docs/tools/media.md).
import { mediaTool } from './media.js';

export const VIDEO_OPERATIONS = ['analyze', 'extract_frames', 'extract_audio', 'summarize'] as const;

export const videoProcessingTool = mediaTool({
  name: 'video-processing',
  description: 'Probe, analyse and cut up a video with ffmpeg in the sandbox (py-orc video-processing).',
  action:
    'analyze or summarize (ffprobe, scene changes, colours, key frames read by a vision model), extract_frames (JPEG files), extract_audio (a WAV file).',
  parameters: {
    video: { type: 'any', required: true, description: 'a workspace path or {file: …}' },
    operation: {
      type: 'string',
      required: true,
      enum: VIDEO_OPERATIONS,
      description: 'what to do with the video',
    },
    model: {
      type: 'string',
      description: 'analyze, summarize: provider:model of the vision model; the cheapest available when absent',
    },
    frame_interval: {
      type: 'number',
      default: 1,
      description: 'extract_frames: seconds between frames',
    },
    start_time: { type: 'number', default: 0, description: 'extract_frames, extract_audio: from this second' },
    end_time: { type: 'number', description: 'extract_frames, extract_audio: up to this second' },
    output_path: {
      type: 'string',
      default: 'video_output',
      description: 'workspace folder for frame_NNNN.jpg, key_frame_NNNN.jpg and extracted_audio.wav',
    },
    timeout: { type: 'number', default: 300, description: 'seconds each ffmpeg run may take' },
  },
  returns: ['success', 'analysis', 'frames', 'audio_path', 'summary', 'key_moments', 'metadata'],
  result:
    'analyze: { success, analysis: { video_info: { duration, fps, resolution, width, height, frame_count, codec, has_audio }, summary, detected_objects, scene_changes, dominant_colors, key_frames, model_used }, metadata }; extract_frames: { success, frames, metadata: { num_frames, interval, output_directory, timestamps } }; extract_audio: { success, audio_path, metadata: { duration, sample_rate, channels, size_bytes } }; summarize: { success, summary, key_moments, metadata }',
});
