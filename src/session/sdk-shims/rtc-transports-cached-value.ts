/**
 * Stand-in for matrix-js-sdk `lib/rtcTransportsCachedValue.js`.
 * The real one fetches `GET /_matrix/client/unstable/org.matrix.msc4143/rtc/transports` when the client starts
 * (and daily), for MatrixRTC calls only. Safe: matrix-embed has no calls (see `matrixrtc-session-manager.ts`),
 * so this value stays empty and no request is made.
 */
export { emptyCachedValue as createRtcTransportsCachedValue } from './empty-cached-value.ts';
