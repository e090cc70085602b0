import { useEffect, useState } from 'react';
import { getToken, onAuthRequired, signIn } from './api/client.js';
import { CatalogProvider } from './catalog.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { ComposePage } from './compose/compose-page.js';
import { EditPage } from './edit/edit-page.js';
import { BadLinkPage } from './pages/bad-link-page.js';
import { HomePage } from './pages/home-page.js';
import { LoginPage } from './pages/login-page.js';
import { RunPage } from './pages/run-page.js';
import { RunsPage } from './pages/runs-page.js';
import { TrainPage } from './train/train-page.js';
import { useRoute, type Route } from './router.js';

const nav: Array<[string, string]> = [
  ['', 'Home'],
  ['compose', 'Compose'],
  ['runs', 'Runs'],
  ['edit', 'Edit'],
  ['train', 'Train'],
];

function Page({ route }: { route: Route }) {
  if (route.badLink) return <BadLinkPage />;
  switch (route.page) {
    case 'compose':
      return <ComposePage route={route} />;
    case 'runs':
      return route.rest[0] ? <RunPage id={route.rest[0]} /> : <RunsPage />;
    case 'edit':
      return <EditPage />;
    case 'train':
      return <TrainPage />;
    default:
      return <HomePage />;
  }
}

export function App() {
  const route = useRoute();
  const [needsToken, setNeedsToken] = useState(false);
  const [session, setSession] = useState(0);
  useEffect(() => onAuthRequired(() => setNeedsToken(true)), []);
  // The media cookie (for <img> and tfjs) lasts an hour: renew it at load and every 20 minutes.
  useEffect(() => {
    const renew = () => {
      const token = getToken();
      if (token) signIn(token).catch(() => setNeedsToken(true));
    };
    renew();
    const timer = setInterval(renew, 20 * 60 * 1000);
    return () => clearInterval(timer);
  }, []);
  if (needsToken) {
    return (
      <LoginPage
        hadToken={getToken() !== null}
        onSignedIn={() => {
          setNeedsToken(false);
          setSession((s) => s + 1);
        }}
      />
    );
  }
  return (
    <CatalogProvider key={session}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Atelier</span>
        <nav aria-label="Main">
          {nav.map(([page, label]) => (
            <a key={page} href={`#/${page}`} aria-current={route.page === page && !route.badLink ? 'page' : undefined}>
              {label}
            </a>
          ))}
          <a href="/graphql">GraphiQL</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary key={`${route.page}/${route.rest.join('/')}`}>
          <Page route={route} />
        </ErrorBoundary>
      </main>
    </CatalogProvider>
  );
}
