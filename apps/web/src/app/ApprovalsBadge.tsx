export function ApprovalsBadge() { return null; }
