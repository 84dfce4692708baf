import type { APIRoute } from 'astro';
import { getConfig } from '#config';
import { publicJson, publicReadPreflight } from '#features/http/cors.ts';
import { openApiDocument } from '#features/openapi/document.ts';

export const GET: APIRoute = ({ request }) => publicJson(request, openApiDocument(getConfig().publicUrl));

export const OPTIONS: APIRoute = () => publicReadPreflight();
