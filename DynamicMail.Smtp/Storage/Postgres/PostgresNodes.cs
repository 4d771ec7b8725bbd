namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// How nodes see each other alive: a heartbeat every 4 s, dead after 10 s without one. Every node re-reads the others'
/// presences and releases dead nodes' leases on each of its own beats, so a node that died stops counting, and its
/// mail is given back, within 10 + 4 = 14 s (#19: 15 s).
/// </summary>
internal static class PostgresNodes
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(10);
}
