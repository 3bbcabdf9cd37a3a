import { unsupported } from './unsupported.ts';

/**
 * Stand-in for matrix-js-sdk `lib/webrtc/mediaHandler.js` (camera/microphone streams for calls).
 * Safe: MatrixClient creates one per client but only calls use it; matrix-embed has no calls, so it never asks
 * for a camera or microphone. Every request for a stream rejects with "not supported".
 */
export class MediaHandler {
  readonly userMediaStreams: MediaStream[] = [];
  readonly screensharingStreams: MediaStream[] = [];
  restoreMediaSettings(): void {}
  async hasAudioDevice(): Promise<boolean> {
    return false;
  }
  async hasVideoDevice(): Promise<boolean> {
    return false;
  }
  async getUserMediaStream(): Promise<MediaStream> {
    throw unsupported('Calls');
  }
  async getScreensharingStream(): Promise<MediaStream> {
    throw unsupported('Screen sharing');
  }
  stopUserMediaStream(): void {}
  stopScreensharingStream(): void {}
  stopAllStreams(): void {}
}

export enum MediaHandlerEvent {
  LocalStreamsChanged = 'local_streams_changed',
}
