import { expect } from '@open-wc/testing';
import { defineElement } from './define.ts';

describe('defineElement', () => {
  it('defines a tag once and tolerates a second definition', () => {
    class A extends HTMLElement {}
    class B extends HTMLElement {}
    const tag = `matrix-define-test-${Math.random().toString(36).slice(2)}`;
    defineElement(tag, A);
    expect(customElements.get(tag)).to.equal(A);
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      defineElement(tag, B);
    } finally {
      console.warn = original;
    }
    expect(customElements.get(tag)).to.equal(A);
    // Same version registered it: no warning needed.
    expect(warnings).to.have.length(0);
  });

  it('warns once when another script already owns the tag', () => {
    const tag = `matrix-define-test-${Math.random().toString(36).slice(2)}`;
    customElements.define(tag, class extends HTMLElement {});
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      defineElement(tag, class extends HTMLElement {});
    } finally {
      console.warn = original;
    }
    expect(warnings).to.have.length(1);
    expect(String(warnings[0][0])).to.contain('already defined by another script');
  });
});
