import { describe, expect, it } from 'vitest';
import { detectScript, normalizeText, toScript } from '../../src/corpus/script.js';

describe('detectScript', () => {
  it('tells traditional from simplified text', () => {
    expect(detectScript('鐘樓區召開四套班子領導干部(擴大)會議')).toBe('traditional');
    expect(detectScript('区政府全体(扩大)会议')).toBe('simplified');
  });

  it('says none for text without Chinese characters', () => {
    expect(detectScript('What is the capital of France?')).toBe('none');
  });
});

describe('normalizeText', () => {
  it('folds script, full-width forms and case so both scripts compare equal', () => {
    expect(normalizeText('鐘樓區ＡＢＣ１２')).toBe('钟楼区abc12');
    expect(normalizeText('精心組織')).toBe(normalizeText('精心组织'));
  });
});

describe('toScript', () => {
  it('renders text in the script asked for and leaves it unchanged for none', () => {
    expect(toScript('精心组织经济生产正常运行', 'traditional')).toBe('精心組織經濟生產正常運行');
    expect(toScript('精心組織經濟生產正常運行', 'simplified')).toBe('精心组织经济生产正常运行');
    expect(toScript('精心組織', 'none')).toBe('精心組織');
  });
});
