using System.Net;
using DynamicMail.Smtp;

namespace DynamicMail.Web;

/// <summary>
/// Slows password guessing: at most <see cref="MaxFailures"/> failed logins from one address within
/// <see cref="Window"/>; further attempts from it are refused without checking the password (which also spares
/// the PBKDF2 work). Each attempt is counted before its password is checked, in one atomic step, so parallel
/// attempts cannot get more checks than that; a successful login takes its count back. Customer and operator
/// logins share it.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public const string Message = "Too many failed logins from your address. Try again in 15 minutes.";
    private readonly SlidingWindowLimit<IPAddress> _attempts = new(MaxFailures, Window, time);

    /// <summary>Counts an attempt from <paramref name="address"/>; false (nothing counted) when it must be refused.</summary>
    public bool TryBegin(IPAddress? address) => address is null || _attempts.TryTake(address);

    /// <summary>The attempt succeeded: it is not a failure.</summary>
    public void Succeeded(IPAddress? address)
    {
        if (address is not null)
        {
            _attempts.Untake(address);
        }
    }
}
