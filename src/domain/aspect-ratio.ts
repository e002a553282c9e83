import { ASPECT_RATIOS, type AspectRatio } from "./video-settings.js";

const ratioValue = (ratio: AspectRatio) => {
  const [width = 1, height = 1] = ratio.split(":").map(Number);
  return width / height;
};

/**
 * The supported ratio closest to an image's shape. Distance is measured on a log scale, so
 * 2:1 is as far from 1:1 as 1:2 is.
 */
export function nearestAspectRatio(width: number, height: number): AspectRatio {
  const target = Math.log(width / height);
  let best: AspectRatio = "16:9";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const ratio of ASPECT_RATIOS) {
    const distance = Math.abs(Math.log(ratioValue(ratio)) - target);
    if (distance < bestDistance) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}
