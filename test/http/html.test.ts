import { describe, expect, it } from 'vitest';
import { escapeHtml, html, page } from '../../src/http/html.js';

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const evil = `<script>alert("x")</script>' onmouseover='x`;
    const out = html`<p title="${evil}">${evil}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).not.toMatch(/title="[^"]*"[^>]*onmouseover/);
    expect(out).toBe(`<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`);
  });

  it('keeps markup built by the template itself, and escapes arrays element by element', () => {
    const items = ['a&b', '<i>'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>&lt;i&gt;</li></ul>');
  });

  it('makes a complete document with the language, title and alternates escaped', () => {
    const doc = page({ title: 'A <b> title', body: html`<p>x</p>`, alternates: [['/x?a=1&b=2', 'text/turtle']] });
    expect(doc.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(doc).toContain('<title>A &lt;b&gt; title</title>');
    expect(doc).toContain('<link rel="alternate" type="text/turtle" href="/x?a=1&amp;b=2">');
  });
});
