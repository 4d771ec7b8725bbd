using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Listens like the library's own listener, but hands out <see cref="ConversationPipe"/>s and reports the bound port.</summary>
internal sealed class ConversationListenerFactory(SmtpOptions options) : IEndpointListenerFactory
{
    public const string ConversationKey = "DynamicMail:Conversation";
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the bound endpoint once listening (port 0 resolved).</summary>
    public Task<IPEndPoint> Bound => _bound.Task;

    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start(backlog: 512);
        _bound.TrySetResult((IPEndPoint)listener.LocalEndpoint);
        return new Listener(listener, options, Connections);
    }

    /// <summary>Sessions open now, in total and per address.</summary>
    public ConnectionLimit Connections { get; } = new(options.MaxConnections, options.MaxConnectionsPerAddress);

    private sealed class Listener(TcpListener listener, SmtpOptions options, ConnectionLimit limit) : IEndpointListener
    {
        private static readonly byte[] TooMany = "421 4.7.0 Too many connections, try again later\r\n"u8.ToArray();

        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
                if (!limit.TryEnter(remote.Address))
                {
                    Refuse(client);
                    continue;
                }
                client.NoDelay = true;
                context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
                context.Properties[EndpointListener.RemoteEndPointKey] = remote;
                var pipe = new ConversationPipe(client.GetStream(), options, () =>
                {
                    client.Dispose();
                    limit.Leave(remote.Address);
                });
                context.Properties[ConversationKey] = pipe;
                return pipe;
            }
        }

        /// <summary>Over a limit: the reply fits an empty send buffer, so this never waits on the client.</summary>
        private static void Refuse(TcpClient client)
        {
            try
            {
                client.Client.Blocking = false;
                client.Client.Send(TooMany);
                client.Client.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            finally
            {
                client.Dispose();
            }
        }

        public void Dispose() => listener.Stop();
    }
}
