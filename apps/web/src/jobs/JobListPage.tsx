export default function JobListPage() { return null; }
