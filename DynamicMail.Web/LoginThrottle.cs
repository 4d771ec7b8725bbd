using System.Net;
using DynamicMail.Smtp;

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
    private readonly SlidingWindowLimit<IPAddress> _failures = new(MaxFailures, Window, time);

    public bool IsBlocked(IPAddress? address) => address is not null && _failures.IsFull(address);

    public void Failed(IPAddress? address)
    {
        if (address is not null)
        {
            _failures.Add(address);
        }
    }
}
