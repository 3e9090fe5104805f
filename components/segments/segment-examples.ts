// Example expressions shown in the syntax help and the empty state; `key` names their explanation
// under "segments.help.examples".
export const segmentExamples = [
  { key: "vipNotChurned", expression: "tag:vip and not tag:churned" },
  { key: "dormant", expression: "lastActive>30d" },
  { key: "chinese", expression: "locale:zh*" },
  { key: "version", expression: "appVersion>=5.2" },
  { key: "anyTag", expression: "any(tag:a, tag:b)" },
  { key: "recentIos", expression: "platform:ios and lastActive<7d" },
] as const;
