using System.Security.Claims;
using Bunit;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Storage.LiteDb;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Customers;
using DynamicMail.Web.Customers;
using DynamicMail.Web.Presence;
using DynamicMail.Web.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace DynamicMail.Tests.Components;

/// <summary>
/// The customer's session component over the engine's real parts (store, queue, events, board, presence) without
/// its delivery coordinator, so the board and the queue show exactly what a test does to them.
/// </summary>
public abstract class MailSessionContext : BunitContext, IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private LiteDbStore _store = null!;
    private CustomerSessionLog _log = null!;

    protected PresenceRegistry Presence { get; private set; } = null!;
    protected IMailEvents Events { get; private set; } = null!;
    protected DomainStatusBoard Board { get; private set; } = null!;
    private protected LiteDbMailQueue Queue { get; private set; } = null!;
    private protected DomainDirectory Domains { get; private set; } = null!;
    private protected SupportOptions Support { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var events = new MailEventHub(NullLogger<MailEventHub>.Instance);
        Events = events;
        _store = new LiteDbStore(_dir.Path, new FsyncFlush(), new DurableStoreFiles(), NullLogger<LiteDbStore>.Instance);
        Presence = new PresenceRegistry(events, TimeProvider.System);
        Board = new DomainStatusBoard(events, TimeProvider.System);
        var ageing = new AgeingSchedule(Options.Create(new QueueOptions()));
        Queue = new LiteDbMailQueue(_store, new MessageBodyStore(_dir.Path), TimeProvider.System, events, ageing);
        _log = new CustomerSessionLog(events, Board, TimeProvider.System);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IMailEvents>(events);
        Services.AddSingleton(Board);
        Services.AddSingleton<IMailQueue>(Queue);
        Services.AddSingleton(Presence);
        Services.AddScoped<CircuitPresence>();
        Services.AddSingleton(new SessionViewReader(Board, Queue, _log, ageing, TimeProvider.System));
        Services.AddScoped<BrowserClock>();
        Services.AddSingleton(Options.Create(Support));
        Domains = new DomainDirectory(new LiteDbDomainStore(_store), TimeProvider.System, new NoSecretProtector());
        await Domains.TryAddAsync(new CustomerDomain { Name = "xyz.com", Username = "xyzadmin" }, "xyz-password");
        await Domains.TryAddAsync(new CustomerDomain { Name = "abc.org", Username = "abcadmin" }, "abc-password");
        Services.AddSingleton<IDomainDirectory>(Domains);
        Services.AddSingleton(ageing);
        Services.AddSingleton<TimeProvider>(TimeProvider.System);
        Services.AddSingleton<IDomainHolds>(new DomainHolds(Domains, events, TimeProvider.System));
        Services.AddSingleton<DynamicMail.Smtp.Delivery.Transcripts.ITranscriptLog>(new LiteDbTranscriptLog(_store));
        Services.AddSingleton<DynamicMail.Smtp.Recipients.IRecipientLists>(new DynamicMail.Smtp.Recipients.RecipientLists(
            new LiteDbRecipientListStore(_store), Domains, events, TimeProvider.System));
        Services.AddSingleton(new SessionCheck(Domains, new OperatorDirectory(new LiteDbOperatorStore(_store), TimeProvider.System)));
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _log.Dispose();
        _store.Dispose();
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected IRenderedComponent<MailSession> RenderFor(string loggedInDomain)
    {
        var auth = AddAuthorization();
        var domain = Domains.FindByName(loggedInDomain)!;
        auth.SetAuthorized(domain.Username);
        auth.SetRoles("Customer");
        auth.SetClaims(new Claim("dm:domain", loggedInDomain), new Claim(SessionClaims.Identity, domain.Identity), new Claim(SessionClaims.Stamp, domain.SecurityStamp));
        return Render<MailSession>(p => p.Add(c => c.Domain, "xyz.com").Add(c => c.Slug, "xyz"));
    }

    /// <summary>Queues <paramref name="count"/> messages for xyz.com through the real queue (durable, with events).</summary>
    protected async Task QueueAsync(int count, string subject = "Invoice")
    {
        for (var i = 0; i < count; i++)
        {
            var body = System.Text.Encoding.ASCII.GetBytes($"Subject: {subject} {i}\r\n\r\nbody\r\n");
            await Queue.EnqueueAsync(new NewMessage("xyz.com", "alice@sender.example", ["bob@xyz.com"], body,
                new HeaderSummary("alice@sender.example", $"{subject} {i}", null), "198.51.100.7", "sender.example"));
        }
    }

    /// <summary>Delivers up to <paramref name="max"/> queued messages the way a worker records them (claim, then 250).</summary>
    protected async Task<int> DeliverAsync(int max)
    {
        var claimed = await Queue.ClaimAsync("xyz.com", "test-worker", max, TimeSpan.FromMinutes(5));
        foreach (var m in claimed)
        {
            await Queue.CompleteAsync(m.Id, "test-worker", [new DeliveryOutcome("bob@xyz.com", RecipientOutcome.Delivered, "250 2.0.0 ok")]);
        }
        return claimed.Count;
    }
}
