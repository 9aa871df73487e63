import { describe, expect, it } from 'vitest';
import { createLocalEmbedder } from '../../src/search/local-embedder.js';
import { tokenizeText } from '../../src/search/tokenize.js';

const TEXTS = [
  '一是精心组织文明城市创建活动。',
  '全面落实河长制湖长制,加强饮用水水源地保护,开展重点流域水环境综合治理。',
  'What is the capital of France?',
];

function norm(vector: Float32Array): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
}

describe('createLocalEmbedder', () => {
  it('returns the same vectors for the same texts, across embedder instances', async () => {
    const first = await createLocalEmbedder(384).embed(TEXTS);
    const second = await createLocalEmbedder(384).embed(TEXTS);

    expect(second).toEqual(first);
  });

  it('returns L2-normalized vectors of the configured dimension', async () => {
    const vectors = await createLocalEmbedder(256).embed(TEXTS);

    for (const vector of vectors) {
      expect(vector).toHaveLength(256);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('embeds traditional and simplified writing of the same words identically', async () => {
    const [traditional, simplified] = await createLocalEmbedder(128).embed([
      '鐘樓區精心組織文明城市創建活動',
      '钟楼区精心组织文明城市创建活动',
    ]);

    expect(traditional).toEqual(simplified);
  });

  it('places related texts closer together than unrelated ones', async () => {
    const [question, answer, other] = await createLocalEmbedder(128).embed([
      '怎样持续改善空气质量？',
      '一是持续改善空气质量。深入实施大气污染防治行动计划,强化工业污染源治理。',
      '二是深化医疗卫生体制改革。加快构建覆盖城乡的基本医疗卫生服务体系。',
    ]);

    expect(cosine(question as Float32Array, answer as Float32Array)).toBeGreaterThan(
      cosine(question as Float32Array, other as Float32Array) + 0.1,
    );
  });

  it('gives an empty text a zero vector rather than NaN', async () => {
    const [vector] = await createLocalEmbedder(64).embed(['']);

    expect([...(vector ?? [])].every((value) => value === 0)).toBe(true);
  });

  it('names its dimension in its id so an index of another dimension is rebuilt', () => {
    expect(createLocalEmbedder(384).id).not.toBe(createLocalEmbedder(256).id);
    expect(createLocalEmbedder(384).dimension).toBe(384);
  });

  it('embeds pre-tokenized parts exactly as it embeds the joined text', async () => {
    const embedder = createLocalEmbedder(128);
    const [joined] = await embedder.embed(['鐘樓區四月份工作會議\n一是持续改善空气质量。']);

    const [fromTokens] =
      embedder.embedTokens?.([[tokenizeText('鐘樓區四月份工作會議'), tokenizeText('一是持续改善空气质量。')]]) ?? [];

    // Features may be summed in another order, so allow float rounding.
    expect(fromTokens).toHaveLength(128);
    fromTokens?.forEach((value, i) => {
      expect(value).toBeCloseTo(joined?.[i] ?? Number.NaN, 6);
    });
  });
});
