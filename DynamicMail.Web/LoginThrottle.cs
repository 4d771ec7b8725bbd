using System.Collections.Concurrent;
using System.Net;

namespace DynamicMail.Web;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed logins from one address within
/// <see cref="Window"/>, further attempts from it are refused without checking the password (which also spares
/// the PBKDF2 work). Customer and operator logins share it.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public const string Message = "Too many failed logins from your address. Try again in 15 minutes.";
    private readonly ConcurrentDictionary<IPAddress, Queue<DateTimeOffset>> _failures = new();

    public bool IsBlocked(IPAddress? address)
    {
        if (address is null || !_failures.TryGetValue(address, out var failures))
        {
            return false;
        }
        lock (failures)
        {
            Prune(failures);
            return failures.Count >= MaxFailures;
        }
    }

    public void Failed(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }
        var failures = _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Prune(failures);
            failures.Enqueue(time.GetUtcNow());
        }
    }

    private void Prune(Queue<DateTimeOffset> failures)
    {
        var now = time.GetUtcNow();
        while (failures.Count > 0 && now - failures.Peek() >= Window)
        {
            failures.Dequeue();
        }
    }
}
