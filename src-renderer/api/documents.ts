import type { DocumentFile } from '../../src-main/contract';

/** Offers a PDF made by the core to the teller: a download the OS opens or prints. */
export function downloadDocument(doc: DocumentFile): void {
  const bytes = Uint8Array.from(atob(doc.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: doc.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = doc.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
