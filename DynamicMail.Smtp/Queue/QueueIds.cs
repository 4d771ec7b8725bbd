using System.Text;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// Time-ordered, unique, short queue ids (Crockford base32: 10 chars of milliseconds + 4 of sequence). Each
/// millisecond's sequence starts at a random point in the lower half of its range, so nodes sharing one store
/// (PostgreSQL) rarely pick the same id in the same millisecond; when they do, the store keeps the first and gives the
/// second a fresh id inside the same commit (the sender never hears of it), never stores two under one id.
/// </summary>
internal static class QueueIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static long _last;

    public static string Next(TimeProvider time)
    {
        var ms = (time.GetUtcNow().ToUnixTimeMilliseconds() << 20) + Random.Shared.Next(1 << 19);
        long value;
        long last;
        do
        {
            last = Interlocked.Read(ref _last);
            value = Math.Max(ms, last + 1);
        }
        while (Interlocked.CompareExchange(ref _last, value, last) != last);
        return Encode(value);
    }

    /// <summary>
    /// Writes <paramref name="fresh"/> over the first <c> id {taken}</c> in <paramref name="trace"/> (the Received
    /// header ingest wrote with the id the store then found taken), so the header names the id the message is stored
    /// under. Ids have one length, so the message keeps its size.
    /// </summary>
    public static void Rename(Span<byte> trace, string taken, string fresh)
    {
        var needle = Encoding.ASCII.GetBytes(" id " + taken);
        var at = trace.IndexOf(needle);
        if (at >= 0 && fresh.Length == taken.Length)
        {
            Encoding.ASCII.GetBytes(fresh, trace[(at + 4)..]);
        }
    }

    private static string Encode(long value)
    {
        Span<char> chars = stackalloc char[14];
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}
