/** Keeps the best `k` (score desc, label asc) in two parallel arrays, sorted. */
export function insertTop(scores: number[], labels: number[], k: number, score: number, label: number): void {
  const last = scores.length - 1;
  if (scores.length === k && (score < (scores[last] ?? 0) || (score === scores[last] && label > (labels[last] ?? 0)))) {
    return;
  }
  let i = scores.length;
  scores.push(score);
  labels.push(label);
  while (i > 0 && ((scores[i - 1] ?? 0) < score || (scores[i - 1] === score && (labels[i - 1] ?? 0) > label))) {
    scores[i] = scores[i - 1] ?? 0;
    labels[i] = labels[i - 1] ?? 0;
    i--;
  }
  scores[i] = score;
  labels[i] = label;
  if (scores.length > k) {
    scores.pop();
    labels.pop();
  }
}
