using DynamicMail.Smtp;
using DynamicMail.Web;
using DynamicMail.Web.Cli;

if (BackupCommand.Matches(args))
{
    return await BackupCommand.RunAsync(args, Console.Out, Environment.GetEnvironmentVariable);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddDynamicMailWeb();
builder.Services.AddDynamicMailEngine();

var app = builder.Build();
app.UseDynamicMailWeb();
app.Run();
return 0;

/// <summary>Entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
