// The camera button of the receiving and audit pages: getUserMedia, a frame drawn to a canvas every ~300 ms and
// POSTed as JPEG to /api/v1/scans/photo (the core's photo decoder); each new code found is handed to `on_code`
// as if it had been typed. One frame in flight at a time; a code is handed over once per camera session.
import { api, el, say } from "/static/app.js";

const k_interval_ms = 300;

// Wires `button` to start and stop the camera; the video is shown in `holder`, problems in `message`.
export function wire_camera(button, holder, message, on_code) {
  let stream = null;
  let timer = null;
  let busy = false;
  let seen = new Set();
  const video = el("video", { playsinline: true, muted: true, width: 320 });
  const canvas = document.createElement("canvas");

  function stop() {
    clearInterval(timer);
    timer = null;
    if (stream) {
      stream.getTracks().forEach((t) => t.stop());
      stream = null;
    }
    holder.replaceChildren();
    button.textContent = "Camera";
    button.setAttribute("aria-pressed", "false");
  }

  async function frame() {
    if (busy || !stream || video.videoWidth === 0) {
      return;
    }
    busy = true;
    try {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
      if (!blob) {
        return;
      }
      const answer = await api("POST", "/api/v1/scans/photo", blob);
      for (const found of answer.codes) {
        if (!seen.has(found.code)) {
          seen.add(found.code);
          await on_code(found.code);
        }
      }
    } catch (e) {
      say(message, e.message, true);
    } finally {
      busy = false;
    }
  }

  button.addEventListener("click", async () => {
    if (stream) {
      stop();
      return;
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(message, "camera: this browser gives no camera to this page (it needs HTTPS or localhost)", true);
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (e) {
      say(message, "camera: " + e.message, true);
      return;
    }
    seen = new Set();
    video.srcObject = stream;
    holder.replaceChildren(video);
    await video.play().catch(() => {});
    button.textContent = "Stop camera";
    button.setAttribute("aria-pressed", "true");
    timer = setInterval(frame, k_interval_ms);
  });
}
