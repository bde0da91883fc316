#!/usr/bin/env node
// peer.mjs: an independent LiveKit participant for lkbot's tests, built on
// @livekit/rtc-node (LiveKit's Rust SDK), so lkbot is checked against code
// no one here wrote.
//
//   node peer.mjs --url ws://127.0.0.1:7880 --token JWT   (or LIVEKIT_URL, LIVEKIT_TOKEN)
//
// It joins with autoSubscribe and writes one JSON event per line to stdout,
// each with a "type" (connected, participant_connected, track_subscribed,
// frame, audio, data, rpc_result, error, ...; the Go wrapper's Event type
// lists them all). rtc-node logs through pino to stdout too; those lines
// have no "type".
//
// It reads one JSON command per line from stdin:
//   {"cmd":"send_data","payload":"..","topic":"..","reliable":true,"destinations":["id"]}
//   {"cmd":"perform_rpc","id":"x","destination":"id","method":"m","payload":"..","timeout_ms":10000}
//   {"cmd":"set_video_quality","sid":"TR_..","quality":"low|medium|high"}
//   {"cmd":"publish_video","width":640,"height":360,"fps":15,"codec":"vp8","simulcast":false}
//   {"cmd":"publish_audio","hz":440}
//   {"cmd":"unpublish","sid":"TR_.."}
//   {"cmd":"leave"}
// and leaves the room on "leave", stdin EOF, SIGTERM or SIGINT.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { decodeStamp, delayMs } from './stamp.mjs';

// rtc-node logs at debug level unless NODE_ENV is production; it reads the
// variable when it loads, hence the dynamic imports.
process.env.NODE_ENV ??= 'production';
const rtc = await import('@livekit/rtc-node');
const ffi = await import('@livekit/rtc-ffi-bindings');
const { publishAudio, publishVideo } = await import('./publish.mjs');
const { AudioStream, DataPacketKind, Room, RoomEvent, TrackKind, TrackSource, VideoBufferType, VideoStream } = rtc;

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function emitError(context, err) {
  emit({ type: 'error', message: `${context}: ${err?.message ?? err}` });
}

const { values: args } = parseArgs({
  options: { url: { type: 'string' }, token: { type: 'string' } },
});
const url = args.url ?? process.env.LIVEKIT_URL;
const token = args.token ?? process.env.LIVEKIT_TOKEN;
if (!url || !token) {
  emit({ type: 'error', message: 'usage: node peer.mjs --url URL --token TOKEN (or LIVEKIT_URL, LIVEKIT_TOKEN)' });
  process.exit(2);
}

const KINDS = { [TrackKind.KIND_AUDIO]: 'audio', [TrackKind.KIND_VIDEO]: 'video' };
const SOURCES = {
  [TrackSource.SOURCE_CAMERA]: 'camera',
  [TrackSource.SOURCE_MICROPHONE]: 'microphone',
  [TrackSource.SOURCE_SCREENSHARE]: 'screen_share',
  [TrackSource.SOURCE_SCREENSHARE_AUDIO]: 'screen_share_audio',
};
const QUALITIES = { low: ffi.VideoQuality.LOW, medium: ffi.VideoQuality.MEDIUM, high: ffi.VideoQuality.HIGH };

const room = new Room();
const readers = new Set(); // streams being read, cancelled on leave
const published = new Map(); // sid -> {stop} of tracks this peer publishes

// --- room events -----------------------------------------------------------

room
  .on(RoomEvent.ParticipantConnected, (p) => emit({ type: 'participant_connected', participant: p.identity }))
  .on(RoomEvent.ParticipantDisconnected, (p) => emit({ type: 'participant_disconnected', participant: p.identity }))
  .on(RoomEvent.ParticipantMetadataChanged, (metadata, p) =>
    emit({ type: 'participant_metadata', participant: p.identity, metadata: metadata ?? '' }),
  )
  .on(RoomEvent.ParticipantAttributesChanged, (changed, p) =>
    emit({ type: 'participant_attributes', participant: p.identity, attributes: p.attributes, changed }),
  )
  .on(RoomEvent.TrackMuted, (pub, p) => emit({ type: 'track_muted', participant: p.identity, sid: pub.sid }))
  .on(RoomEvent.TrackUnmuted, (pub, p) => emit({ type: 'track_unmuted', participant: p.identity, sid: pub.sid }))
  .on(RoomEvent.TrackUnpublished, (pub, p) =>
    emit({ type: 'track_unpublished', participant: p.identity, sid: pub.sid }),
  )
  .on(RoomEvent.TrackUnsubscribed, (_track, pub, p) =>
    emit({ type: 'track_unsubscribed', participant: p.identity, sid: pub.sid }),
  )
  .on(RoomEvent.TrackSubscriptionFailed, (sid, p, reason) =>
    emit({ type: 'error', message: `subscribe ${sid} of ${p.identity}: ${reason ?? 'failed'}` }),
  )
  .on(RoomEvent.DataReceived, (payload, p, kind, topic) =>
    emit({
      type: 'data',
      participant: p?.identity ?? '',
      topic: topic ?? '',
      payload: new TextDecoder().decode(payload),
      kind: kind === DataPacketKind.KIND_RELIABLE ? 'reliable' : 'lossy',
    }),
  )
  .on(RoomEvent.TrackSubscribed, onTrackSubscribed)
  .on(RoomEvent.Disconnected, (reason) => {
    emit({ type: 'disconnected', reason: ffi.DisconnectReason[reason] ?? String(reason) });
    void leave(0);
  });

function onTrackSubscribed(track, pub, p) {
  emit({
    type: 'track_subscribed',
    participant: p.identity,
    sid: pub.sid,
    kind: KINDS[pub.kind] ?? String(pub.kind),
    source: SOURCES[pub.source] ?? 'unknown',
    mime_type: pub.mimeType ?? '',
    simulcasted: pub.simulcasted ?? false,
    width: pub.width ?? 0,
    height: pub.height ?? 0,
    muted: pub.muted ?? false,
    metadata: p.metadata ?? '',
    attributes: p.attributes ?? {},
  });
  const read = track.kind === TrackKind.KIND_VIDEO ? readVideo : readAudio;
  read(track, pub, p).catch((err) => emitError(`read ${pub.sid}`, err));
}

// readVideo reports every decoded frame with its stamp, if any.
async function readVideo(track, pub, p) {
  const stream = new VideoStream(track);
  readers.add(stream);
  try {
    for await (const { frame } of stream) {
      const f = frame.type === VideoBufferType.I420 ? frame : frame.convert(VideoBufferType.I420);
      const st = decodeStamp(f.data, f.width, f.height);
      const ev = { type: 'frame', participant: p.identity, sid: pub.sid, width: f.width, height: f.height };
      Object.assign(ev, meanColour(f.data, f.width, f.height));
      ev.stamp_ok = st.ok;
      if (st.ok) {
        ev.frame = st.frame;
        ev.capture_ms = st.captureMs;
        ev.delay_ms = delayMs(Date.now(), st.captureMs);
      }
      emit(ev);
    }
  } finally {
    readers.delete(stream);
  }
}

// meanColour is the mean Y, Cb and Cr of an I420 frame's centre half,
// sampled every 4th pixel, so tests can check the colour of what was sent.
function meanColour(data, w, h) {
  const cw = (w + 1) >> 1;
  const ch = (h + 1) >> 1;
  let y = 0, cb = 0, cr = 0, n = 0;
  for (let r = h >> 2; r < (3 * h) >> 2; r += 4) {
    for (let c = w >> 2; c < (3 * w) >> 2; c += 4) {
      const ci = (r >> 1) * cw + (c >> 1);
      y += data[r * w + c];
      cb += data[w * h + ci];
      cr += data[w * h + cw * ch + ci];
      n++;
    }
  }
  if (!n) return {};
  return { mean_y: Math.round(y / n), mean_cb: Math.round(cb / n), mean_cr: Math.round(cr / n) };
}

// readAudio reports, about once a second, how many frames arrived, their
// RMS level (0..1) and their dominant frequency from zero crossings (hz),
// so tests can tell decoded sound from silence and find a tone.
async function readAudio(track, pub, p) {
  const stream = new AudioStream(track, { sampleRate: 48000, numChannels: 1 });
  readers.add(stream);
  let frames = 0;
  let sumSq = 0;
  let samples = 0;
  let crossings = 0;
  let last = 0;
  let since = Date.now();
  try {
    for await (const frame of stream) {
      frames++;
      for (const s of frame.data) {
        sumSq += s * s;
        if ((s >= 0) !== (last >= 0)) crossings++;
        last = s;
      }
      samples += frame.data.length;
      if (Date.now() - since >= 1000) {
        const rms = samples ? Math.sqrt(sumSq / samples) / 32768 : 0;
        const hz = samples ? (crossings / 2) * (48000 / samples) : 0;
        emit({ type: 'audio', participant: p.identity, sid: pub.sid, frames, rms: Number(rms.toFixed(5)), hz: Number(hz.toFixed(1)) });
        frames = sumSq = samples = crossings = 0;
        since = Date.now();
      }
    }
  } finally {
    readers.delete(stream);
  }
}

// --- commands --------------------------------------------------------------

const commands = {
  async send_data(c) {
    await room.localParticipant.publishData(new TextEncoder().encode(c.payload ?? ''), {
      reliable: c.reliable ?? true,
      topic: c.topic,
      destination_identities: c.destinations,
    });
  },

  async perform_rpc(c) {
    try {
      const payload = await room.localParticipant.performRpc({
        destinationIdentity: c.destination,
        method: c.method,
        payload: c.payload ?? '',
        responseTimeout: c.timeout_ms,
      });
      emit({ type: 'rpc_result', id: c.id, payload });
    } catch (err) {
      emit({ type: 'rpc_error', id: c.id, code: err.code ?? 0, message: err.message ?? String(err) });
    }
  },

  // rtc-node has no API for this; the FFI request underneath it does.
  async set_video_quality(c) {
    const quality = QUALITIES[c.quality];
    if (quality === undefined) throw new Error(`quality ${c.quality}: want low, medium or high`);
    const pub = findRemotePublication(c.sid);
    globalThis._ffiClientInstance.request({
      message: {
        case: 'setRemoteTrackPublicationQuality',
        value: new ffi.SetRemoteTrackPublicationQualityRequest({
          trackPublicationHandle: pub.ffiHandle.handle,
          quality,
        }),
      },
    });
  },

  async publish_video(c) {
    const handle = await publishVideo(room.localParticipant, c);
    published.set(handle.sid, handle);
    emit({ type: 'track_published', sid: handle.sid, kind: 'video' });
  },

  async publish_audio(c) {
    const handle = await publishAudio(room.localParticipant, c);
    published.set(handle.sid, handle);
    emit({ type: 'track_published', sid: handle.sid, kind: 'audio' });
  },

  async unpublish(c) {
    const handle = published.get(c.sid);
    if (!handle) throw new Error(`no published track ${c.sid}`);
    published.delete(c.sid);
    await handle.stop();
  },

  async leave() {
    await leave(0);
  },
};

function findRemotePublication(sid) {
  for (const p of room.remoteParticipants.values()) {
    const pub = p.trackPublications.get(sid);
    if (pub) return pub;
  }
  throw new Error(`no remote track ${sid}`);
}

async function onCommandLine(line) {
  if (!line.trim()) return;
  let c;
  try {
    c = JSON.parse(line);
  } catch (err) {
    return emitError('parse command', err);
  }
  const run = commands[c?.cmd];
  if (!run) return emitError('command', `unknown cmd ${JSON.stringify(c?.cmd)}`);
  try {
    await run(c);
  } catch (err) {
    emitError(c.cmd, err);
  }
}

// --- lifecycle -------------------------------------------------------------

let leaving;
function leave(code) {
  leaving ??= (async () => {
    const force = setTimeout(() => process.exit(code), 5000);
    for (const r of readers) r.cancel().catch(() => {});
    for (const h of published.values()) await h.stop().catch(() => {});
    await room.disconnect().catch((err) => emitError('leave', err));
    await rtc.dispose().catch(() => {});
    clearTimeout(force);
    process.exit(code);
  })();
  return leaving;
}

process.on('SIGTERM', () => void leave(0));
process.on('SIGINT', () => void leave(0));
process.on('unhandledRejection', (err) => emitError('unhandled', err));

try {
  await room.connect(url, token, { autoSubscribe: true, dynacast: false });
} catch (err) {
  emitError('connect', err);
  await rtc.dispose().catch(() => {});
  process.exit(1);
}
emit({
  type: 'connected',
  identity: room.localParticipant.identity,
  room: room.name,
  participants: [...room.remoteParticipants.values()].map((p) => p.identity),
});

const stdin = createInterface({ input: process.stdin });
stdin.on('line', (line) => void onCommandLine(line));
stdin.on('close', () => void leave(0));
