import { z } from 'zod';

/**
 * A kind of document (notes, or any record a later feature adds): its body is validated by the package that
 * defines it; the store keeps it as JSON with its revision and author.
 */
export const DocumentKindSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40');
export const DocumentIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'letters, digits, ".", "_", ":" and "-", at most 200');

/** A stored document's body may be at most this large as JSON: a measurement is a few KB. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;
/** Documents of one kind a store keeps. */
export const MAX_DOCUMENTS_PER_KIND = 10_000;

export const StoredDocumentSchema = z.object({
  kind: DocumentKindSchema,
  id: DocumentIdSchema,
  body: z.unknown(),
  revision: z.int().positive(),
  savedAt: z.iso.datetime(),
  savedBy: z.string().min(1).max(120),
});

export type StoredDocument = z.infer<typeof StoredDocumentSchema>;
