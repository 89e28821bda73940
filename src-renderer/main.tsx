import { createRoot } from 'react-dom/client';
import { App } from './App';
import { reportRendererErrors } from './api/error-reporting';
import 'antd/dist/antd.css';
import './styles.css';

reportRendererErrors();
createRoot(document.getElementById('root')!).render(<App />);
