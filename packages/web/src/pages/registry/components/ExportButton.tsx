// Moved to src/components/ExportButton.tsx; kept so existing imports keep working.
export { ExportButton } from '../../../components/ExportButton.tsx';
