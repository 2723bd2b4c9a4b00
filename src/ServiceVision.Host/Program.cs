using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Host.Infrastructure;
using ServiceVision.Messaging;
using ServiceVision.Organizations;
using ServiceVision.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGrainStorage();
builder.AddMessaging();
builder.Services.AddGrainRuntime();
builder.Services.AddApiConventions();
builder.Services.AddOpenApi();
builder.Services.AddOrganizations();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseApiConventions();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapOrganizationsApi();
app.MapGet("/", () => TypedResults.Ok(new { name = "ServiceVision", api = "/openapi/v1.json", health = "/health/ready" })).ExcludeFromDescription();

app.Run();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
