namespace DynamicMail.Smtp.Queue;

/// <summary>
/// Time-ordered, unique, short queue ids (Crockford base32: 10 chars of milliseconds + 4 of sequence). Each
/// millisecond's sequence starts at a random point in the lower half of its range, so nodes sharing one store
/// (PostgreSQL) rarely pick the same id in the same millisecond; a collision there is refused by the primary key and
/// answered 451 (the sender retries), never stored twice.
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
