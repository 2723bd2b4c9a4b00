using ServiceVision.Grains;
using ServiceVision.Host.Infrastructure;
using ServiceVision.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGrainStorage();
builder.AddMessageBus();
builder.Services.AddGrainRuntime();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapGet("/", () => TypedResults.Ok(new { name = "ServiceVision", health = "/health/ready" }));

app.Run();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
