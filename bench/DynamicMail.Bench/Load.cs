using System.Text.RegularExpressions;

namespace DynamicMail.Bench;

/// <summary>Postfix's load tools: smtp-source sends, smtp-sink receives and counts.</summary>
internal static partial class Load
{
    /// <summary>smtp-source's defaults otherwise: one message per connection, <paramref name="body"/> is the body size.</summary>
    public static async Task<double> SendAsync(int port, int sessions, int messages, int body, string domain = DynamicMailService.Domain)
    {
        var args = $"-s {sessions} -m {messages} -l {body} -f sender@example.org -t user@{domain} -M client.example.org 127.0.0.1:{port}";
        var r = await Proc.RunAsync("smtp-source", args, TimeSpan.FromMinutes(15));
        if (r.ExitCode != 0 || r.Stderr.Length > 0)
        {
            throw new InvalidOperationException($"smtp-source {args} exited {r.ExitCode}: {r.Stderr.Trim()}");
        }
        return messages / r.Elapsed.TotalSeconds;
    }

    /// <summary>smtp-sink with running counters ("mesg=N") on its stdout.</summary>
    public sealed partial class Sink : IAsyncDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private int _messages;

        public Sink()
        {
            _process = Proc.Start("smtp-sink", $"-u nobody -c 127.0.0.1:{Settings.SinkPort} 1024");
            _ = Task.Run(ReadAsync);
        }

        public int Messages => Volatile.Read(ref _messages);

        private async Task ReadAsync()
        {
            var buffer = new char[4096];
            var pending = "";
            int n;
            while ((n = await _process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                pending += new string(buffer, 0, n);
                var last = pending.LastIndexOf('\r');
                if (last < 0) { continue; }
                var matches = Mesg().Matches(pending[..last]);
                if (matches.Count > 0) { Volatile.Write(ref _messages, int.Parse(matches[^1].Groups[1].Value)); }
                pending = pending[(last + 1)..];
            }
        }

        public async Task WaitForAsync(int count, TimeSpan timeout)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (Messages < count)
            {
                if (_process.HasExited) { throw new InvalidOperationException($"smtp-sink exited: {_process.StandardError.ReadToEnd()}"); }
                if (sw.Elapsed > timeout) { throw new TimeoutException($"smtp-sink has {Messages} of {count} after {timeout}"); }
                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        [GeneratedRegex(@"mesg=(\d+)")]
        private static partial Regex Mesg();
    }
}
