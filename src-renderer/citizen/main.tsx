import { createRoot } from 'react-dom/client';
import { CitizenView } from './CitizenView';
import '../styles.css';

createRoot(document.getElementById('root')!).render(<CitizenView />);
