/**
 * The demo page: the widget as it sits on the agency's site, embedded with one script tag.
 * No inline script, so it runs under the same Content-Security-Policy as production pages.
 */
export function demoPage(): string {
  return `<!doctype html>
<html lang="pt">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Apoio a migrantes — demonstração do assistente</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; background: #f5f6f8; }
  header { background: #0b3d6b; color: #fff; padding: 1.25rem 1.5rem; }
  header p { margin: .25rem 0 0; opacity: .85; }
  main { max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
  .card { background: #fff; border-radius: .5rem; padding: 1rem 1.25rem; margin-bottom: 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  .note { font-size: .9rem; color: #555; }
</style>
</head>
<body>
<header>
  <strong>Centro Nacional de Apoio à Integração de Migrantes</strong>
  <p>Página de demonstração: é assim que o assistente aparece no site da agência.</p>
</header>
<main>
  <section class="card">
    <h1>Como podemos ajudar?</h1>
    <p>Autorização de residência, NIF, NISS, saúde, escola, cursos de português, trabalho, habitação e ajuda urgente.
    Abra o assistente no canto do ecrã e escreva na sua língua.</p>
    <p class="note">Em perigo? Ligue 112.</p>
  </section>
  <section class="card" lang="en">
    <h2>How can we help?</h2>
    <p>Residence permits, tax and social security numbers, health, school, Portuguese courses, work, housing and urgent help.
    Open the assistant in the corner of the screen and write in your own language.</p>
  </section>
  <p class="note">Embed on any site: <code>&lt;script src="/widget.js" defer&gt;&lt;/script&gt;</code></p>
</main>
<script src="/widget.js" defer></script>
</body>
</html>`;
}
