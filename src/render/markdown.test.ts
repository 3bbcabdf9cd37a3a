import { expect } from '@open-wc/testing';
import { markdownToContent } from './markdown.ts';

describe('markdownToContent', () => {
  it('sends plain text without formatted_body', () => {
    expect(markdownToContent('hello world')).to.deep.equal({ body: 'hello world' });
    expect(markdownToContent('two\nlines\n\nand a paragraph')).to.deep.equal({ body: 'two\nlines\n\nand a paragraph' });
    expect(markdownToContent('   ')).to.deep.equal({ body: '   ' });
  });

  it('renders Markdown to HTML, unwrapping a single paragraph', () => {
    expect(markdownToContent('**bold** and _it_')).to.deep.equal({
      body: '**bold** and _it_', format: 'org.matrix.custom.html', formatted_body: '<strong>bold</strong> and <em>it</em>',
    });
    const list = markdownToContent('- a\n- b');
    expect(list.formatted_body).to.equal('<ul>\n<li>a</li>\n<li>b</li>\n</ul>');
    expect(markdownToContent('`code`').formatted_body).to.equal('<code>code</code>');
  });

  it('escapes typed HTML instead of sending it', () => {
    const content = markdownToContent('<script>alert(1)</script> **x**');
    expect(content.formatted_body).to.contain('&lt;script&gt;');
    expect(content.formatted_body).not.to.contain('<script>');
  });

  it('linkifies URLs (the commonmark preset alone would not)', () => {
    expect(markdownToContent('see https://example.org').formatted_body).to.equal('see <a href="https://example.org">https://example.org</a>');
  });

  it('does not create javascript: links or images', () => {
    const js = markdownToContent('[x](javascript:alert(1))');
    expect(js.formatted_body ?? '').not.to.contain('href="javascript');
    const img = markdownToContent('![alt](https://evil.example/x.png)');
    expect(img.formatted_body ?? '').not.to.contain('<img');
  });

  it('treats escapes as formatting (the HTML differs from the body)', () => {
    expect(markdownToContent('1\\. not a list').formatted_body).to.equal('1. not a list');
  });

  it('keeps line breaks inside a paragraph', () => {
    expect(markdownToContent('**a**\nb').formatted_body).to.equal('<strong>a</strong><br />\nb');
  });
});
