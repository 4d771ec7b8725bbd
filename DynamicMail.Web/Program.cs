using DynamicMail.Smtp;
using DynamicMail.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddDynamicMailWeb();
builder.Services.AddDynamicMailEngine();

var app = builder.Build();
app.UseDynamicMailWeb();
app.Run();

/// <summary>Entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
