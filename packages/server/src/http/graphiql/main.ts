import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './page.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const subscriptionUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
const fetcher = createGraphiQLFetcher({ url: '/graphql', subscriptionUrl });
createRoot(document.getElementById('graphiql')!).render(createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }));
