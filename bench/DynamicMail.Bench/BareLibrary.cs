using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DynamicMail.Bench;

/// <summary>
/// The ceiling: the SMTP library DynamicMail is built on (SmtpServer 11.1), with its defaults and a message store
/// that discards, in a child process of its own (this driver run with <c>--bare-smtp PORT</c>).
/// </summary>
internal sealed class BareLibrary : IAsyncDisposable
{
    public const int Port = 2626;
    private readonly Process _process;

    private BareLibrary(Process process) => _process = process;

    public int Pid => _process.Id;

    public static async Task<BareLibrary> StartAsync()
    {
        var env = new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" };
        var process = Proc.Start("dotnet", $"\"{typeof(BareLibrary).Assembly.Location}\" --bare-smtp {Port}", env);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited) { throw new InvalidOperationException($"bare SmtpServer exited with {process.ExitCode}"); }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return new BareLibrary(process);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        process.Kill();
        throw new TimeoutException("bare SmtpServer did not listen in 30 s");
    }

    /// <summary>The child's main: listens on loopback until killed.</summary>
    public static async Task ServeAsync(int port)
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("bare.bench.local")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new DiscardingStore());
        await new SmtpServer.SmtpServer(options, services).StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private sealed class DiscardingStore : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken) => Task.FromResult(SmtpResponse.Ok);
    }
}
