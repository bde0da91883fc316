// Synthetic tracks the peer can publish, so that tests can check the
// receive side (lkbot's and the peer's own) against known media.
import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  LocalVideoTrack,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoCodec,
  VideoFrame,
  VideoSource,
} from '@livekit/rtc-node';

import { encodeStamp } from './stamp.mjs';

const CODECS = { vp8: VideoCodec.VP8, h264: VideoCodec.H264, vp9: VideoCodec.VP9, av1: VideoCodec.AV1 };

/**
 * publishVideo publishes a stamped I420 test pattern and returns a stop
 * function. Options: width, height, fps, simulcast, codec, name.
 */
export async function publishVideo(participant, opts = {}) {
  const width = opts.width ?? 640;
  const height = opts.height ?? 360;
  const fps = opts.fps ?? 15;
  const codec = CODECS[(opts.codec ?? 'vp8').toLowerCase()];
  if (codec === undefined) throw new Error(`unknown codec ${opts.codec}`);

  const source = new VideoSource(width, height);
  const track = LocalVideoTrack.createVideoTrack(opts.name ?? 'peer-video', source);
  const pub = await participant.publishTrack(
    track,
    new TrackPublishOptions({
      source: TrackSource.SOURCE_CAMERA,
      simulcast: opts.simulcast ?? false,
      videoCodec: codec,
    }),
  );

  const data = new Uint8Array((width * height * 3) / 2);
  data.fill(128);
  const luma = data.subarray(0, width * height);
  let n = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    encodeStamp(luma, width, height, n++, now % 2 ** 32);
    // Something moves below the stamp so the encoder has work to show.
    const bar = (n * 8) % width;
    for (let y = Math.floor(height / 2); y < height; y++) luma.fill(n % 256, y * width, y * width + width);
    for (let y = Math.floor(height / 2); y < height; y++) luma[y * width + bar] = 255;
    source.captureFrame(new VideoFrame(data, width, height, VideoBufferType.I420), BigInt(now) * 1000n);
  }, 1000 / fps);

  return {
    sid: pub.sid,
    async stop() {
      clearInterval(timer);
      await participant.unpublishTrack(pub.sid);
      await source.close();
    },
  };
}

/**
 * publishAudio publishes a sine tone (default 440 Hz, 48 kHz mono) and
 * returns a stop function.
 */
export async function publishAudio(participant, opts = {}) {
  const rate = 48000;
  const hz = opts.hz ?? 440;
  const samples = rate / 100; // 10 ms frames
  const source = new AudioSource(rate, 1, 100); // 100 ms queue paces the loop
  const track = LocalAudioTrack.createAudioTrack(opts.name ?? 'peer-audio', source);
  const pub = await participant.publishTrack(
    track,
    new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
  );

  let stopped = false;
  const loop = (async () => {
    for (let t = 0; !stopped; t += samples) {
      const pcm = new Int16Array(samples);
      for (let i = 0; i < samples; i++) {
        pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * (t + i)) / rate));
      }
      // captureFrame resolves when the source's queue has room: real time.
      await source.captureFrame(new AudioFrame(pcm, rate, 1, samples));
    }
  })();

  return {
    sid: pub.sid,
    async stop() {
      stopped = true;
      await loop;
      await participant.unpublishTrack(pub.sid);
      await source.close();
    },
  };
}
