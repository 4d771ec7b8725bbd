using System.Net;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Counts open SMTP sessions, in total and per client address (IPv4-mapped IPv6 counted as IPv4).</summary>
internal sealed class ConnectionLimit(int max, int maxPerAddress)
{
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _gate = new();
    private int _total;
    private long _refused;

    /// <summary>Connections refused over a limit since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public int Open
    {
        get { lock (_gate) { return _total; } }
    }

    /// <summary>Takes a slot for <paramref name="address"/>; false (nothing taken) when either limit is reached.</summary>
    public bool TryEnter(IPAddress address)
    {
        address = Normalize(address);
        lock (_gate)
        {
            var mine = _perAddress.GetValueOrDefault(address);
            if (_total >= max || mine >= maxPerAddress)
            {
                _refused++;
                return false;
            }
            _perAddress[address] = mine + 1;
            _total++;
            return true;
        }
    }

    public void Leave(IPAddress address)
    {
        address = Normalize(address);
        lock (_gate)
        {
            _total--;
            var left = _perAddress.GetValueOrDefault(address) - 1;
            if (left <= 0) { _perAddress.Remove(address); }
            else { _perAddress[address] = left; }
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
