/** Where the REST API streams a dataset's bytes. */
export const downloadUrl = (id: string) => `/api/v1/data/${encodeURIComponent(id)}/download`;
