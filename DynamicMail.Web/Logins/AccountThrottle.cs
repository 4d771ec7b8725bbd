using System.Collections.Concurrent;

namespace DynamicMail.Web.Logins;

/// <summary>
/// Guessing one account from many addresses: after <see cref="MaxFailures"/> failed logins for one account within
/// <see cref="Window"/>, attempts for it are refused for a growing delay (1, 2, 4 … up to 15 minutes), see
/// <see cref="AccountFailures"/>. Browsers that logged in to the account before are not held back
/// (<see cref="KnownDevices"/>), so an attacker cannot lock its owner out.
/// </summary>
internal sealed class AccountThrottle(TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    public const string Message =
        "Too many failed logins for this account. Try again in a few minutes, or from a browser that has logged in to it before.";
    private readonly ConcurrentDictionary<string, AccountFailures> _accounts = new(StringComparer.Ordinal);
    private int _attempts;

    /// <summary>Counts an attempt for <paramref name="account"/> before its password is checked; false while it is locked.</summary>
    public bool TryBegin(string account)
    {
        var now = time.GetUtcNow();
        if (Interlocked.Increment(ref _attempts) % 10_000 == 0)
        {
            DropIdle(now);
        }
        return _accounts.GetOrAdd(account, _ => new AccountFailures()).TryBegin(now);
    }

    /// <summary>A successful login ends the account's streak of failures.</summary>
    public void Succeeded(string account)
    {
        if (_accounts.TryGetValue(account, out var failures))
        {
            failures.Reset();
        }
    }

    private void DropIdle(DateTimeOffset now)
    {
        foreach (var (account, failures) in _accounts)
        {
            if (failures.IsIdle(now))
            {
                _accounts.TryRemove(account, out _);
            }
        }
    }
}
