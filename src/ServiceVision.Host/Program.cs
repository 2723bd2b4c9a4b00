using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Host.Infrastructure;
using ServiceVision.Messaging;
using ServiceVision.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
var roles = PlatformRoles.From(builder.Configuration);

builder.AddServiceDefaults();
builder.AddGrainStorage();
// Before the bus: hosted services start in this order and stop in reverse, so the store's tables exist
// before a message is consumed, and consumers have stopped before the grains' last turns.
builder.Services.AddGrainRuntime();
builder.AddMessaging(bus => bus.AddConsumers(roles));
builder.Services.AddApiConventions();
builder.Services.AddOpenApi();
builder.Services.AddContexts(roles);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseApiConventions();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapContexts(roles);
app.MapGet("/", () => TypedResults.Ok(new { name = "ServiceVision", api = "/openapi/v1.json", health = "/health/ready" })).ExcludeFromDescription();

app.Run();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
