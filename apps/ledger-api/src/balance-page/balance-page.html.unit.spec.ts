import { balancePageHtml } from './balance-page.html';

describe('the balance page as the server renders it', () => {
  it('signed out: the FranceConnect button, no form, no script of the page', () => {
    const html = balancePageHtml({ holderName: null });
    expect(html).toContain('class="fr-connect"');
    expect(html).not.toContain('balance-form');
    expect(html).not.toContain('/balance-page.js');
  });

  it('signed in: the name is escaped, never markup', () => {
    const html = balancePageHtml({ holderName: 'Zoë <script>alert(1)</script> "O\'Hara"' });
    expect(html).toContain('Zoë &lt;script&gt;alert(1)&lt;/script&gt; &quot;O&#39;Hara&quot;');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('/balance-page.js');
  });
});
