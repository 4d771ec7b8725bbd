namespace DynamicMail.Web.Logins;

/// <summary>
/// One account's recent failed logins. At <see cref="AccountThrottle.MaxFailures"/> failures within
/// <see cref="AccountThrottle.Window"/> the account is locked for 1 minute; each further failure while the streak
/// lasts locks it for twice as long, up to 15 minutes. Attempts are counted before their password is checked.
/// </summary>
internal sealed class AccountFailures
{
    private readonly Queue<DateTimeOffset> _failures = new();
    private readonly Lock _gate = new();
    private DateTimeOffset _lockedUntil;
    private int _lockouts;

    public static TimeSpan Delay(int lockouts) =>
        TimeSpan.FromMinutes(Math.Min(AccountThrottle.MaxDelay.TotalMinutes, 1 << Math.Min(lockouts, 10)));

    /// <summary>Counts an attempt; false (nothing counted) while the account is locked.</summary>
    public bool TryBegin(DateTimeOffset now)
    {
        lock (_gate)
        {
            Prune(now);
            if (now < _lockedUntil)
            {
                return false;
            }
            _failures.Enqueue(now);
            // Once locked, every failure while the streak lasts (a failure within the window) locks again, longer.
            if (_failures.Count >= AccountThrottle.MaxFailures || _lockouts > 0)
            {
                _lockedUntil = now + Delay(_lockouts++);
            }
            return true;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _failures.Clear();
            _lockouts = 0;
            _lockedUntil = default;
        }
    }

    /// <summary>Nothing to remember any more: no failure in the window and no lock.</summary>
    public bool IsIdle(DateTimeOffset now)
    {
        lock (_gate)
        {
            Prune(now);
            return _failures.Count == 0 && now >= _lockedUntil;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (_failures.Count > 0 && now - _failures.Peek() >= AccountThrottle.Window)
        {
            _failures.Dequeue();
        }
        if (_failures.Count == 0)
        {
            _lockouts = 0;
        }
    }
}
