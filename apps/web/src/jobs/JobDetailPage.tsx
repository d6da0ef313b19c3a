export default function JobDetailPage() { return null; }
