using System.Globalization;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

// A sample ServiceVision partner (see docs/partners/README.md). Settings come from arguments
// (--name value) or environment variables (SV_PARTNER_*):
//   --broker   amqp://host:5672/vhost      (SV_PARTNER_BROKER; the vhost the registry answered)
//   --user     partner-ptn_...             (SV_PARTNER_USER)
//   --password the password shown once    (SV_PARTNER_PASSWORD)
//   --partner  ptn_...                     (SV_PARTNER_ID)
//   --organization org_...                 (SV_PARTNER_ORGANIZATION; optional: sends a course-completed command for it)
//   --member   the member id for that command (SV_PARTNER_MEMBER)
//   --seconds  how long to listen (SV_PARTNER_SECONDS, default 30)
var settings = Settings.From(args);
if (settings.Broker is null || settings.User is null || settings.Password is null || settings.PartnerId is null)
{
    Console.Error.WriteLine("Usage: --broker amqp://host:5672/vhost --user partner-<id> --password <password> --partner <id> [--organization <orgId> --member <memberId>] [--seconds 30]");
    return 2;
}

var factory = new ConnectionFactory
{
    Uri = new Uri(settings.Broker),
    UserName = settings.User,
    Password = settings.Password,
    ClientProvidedName = "servicevision-sample-partner",
};
await using var connection = await factory.CreateConnectionAsync();
await using var channel = await connection.CreateChannelAsync();

// Receive: the outbound queue holds events, acks and faults. Dedupe on the envelope id (delivery is at least once).
var seen = new HashSet<string>(StringComparer.Ordinal);
var consumer = new AsyncEventingBasicConsumer(channel);
consumer.ReceivedAsync += async (_, delivery) =>
{
    using var envelope = JsonDocument.Parse(delivery.Body);
    var root = envelope.RootElement;
    var id = root.GetProperty("id").GetString() ?? "";
    var type = root.GetProperty("type").GetString() ?? "";
    if (seen.Add(id))
    {
        var data = root.GetProperty("data");
        switch (type)
        {
            case "servicevision.partner.command-rejected.v1":
                Console.WriteLine($"FAULT   command {data.GetProperty("commandId")}: {data.GetProperty("reason").GetString()} - {data.GetProperty("detail").GetString()}");
                foreach (var error in data.GetProperty("errors").EnumerateArray())
                {
                    Console.WriteLine($"        {error.GetProperty("field").GetString()}: {error.GetProperty("message").GetString()}");
                }

                break;
            case "servicevision.partner.command-accepted.v1":
                Console.WriteLine($"ACK     command {data.GetProperty("commandId").GetString()} ({data.GetProperty("commandType").GetString()})");
                break;
            default:
                Console.WriteLine($"EVENT   {type} of {root.GetProperty("organizationid").GetString()} at {root.GetProperty("time").GetString()}: {data.GetRawText()}");
                break;
        }
    }

    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
};
await channel.BasicConsumeAsync($"partner.{settings.PartnerId}.outbound", autoAck: false, consumer);
Console.WriteLine($"Listening on partner.{settings.PartnerId}.outbound for {settings.Seconds} s");

// Send: a command to the partner's inbound exchange (a fanout: the routing key does not matter).
if (settings.OrganizationId is not null)
{
    var command = new
    {
        specversion = "1.0",
        type = "servicevision.partner.course-completed.v1",
        id = Guid.NewGuid().ToString(),
        source = "urn:sample-lms",
        time = DateTimeOffset.UtcNow,
        organizationid = settings.OrganizationId,
        datacontenttype = "application/json",
        data = new { memberId = settings.MemberId, courseId = "lms-101", courseTitle = "Greeting every guest", completedAt = DateTimeOffset.UtcNow, scorePercent = 92 },
    };
    var body = JsonSerializer.SerializeToUtf8Bytes(command);
    await channel.BasicPublishAsync($"partner.{settings.PartnerId}.inbound", "", mandatory: false, new BasicProperties { Persistent = true, ContentType = "application/cloudevents+json" }, body);
    Console.WriteLine($"SENT    command {command.id} ({command.type})");
}

await Task.Delay(TimeSpan.FromSeconds(settings.Seconds));
return 0;

internal sealed record Settings(string? Broker, string? User, string? Password, string? PartnerId, string? OrganizationId, string? MemberId, int Seconds)
{
    public static Settings From(string[] args)
    {
        string? Get(string name, string variable)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
        }

        var seconds = int.TryParse(Get("seconds", "SV_PARTNER_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 30;
        return new Settings(
            Get("broker", "SV_PARTNER_BROKER"),
            Get("user", "SV_PARTNER_USER"),
            Get("password", "SV_PARTNER_PASSWORD"),
            Get("partner", "SV_PARTNER_ID"),
            Get("organization", "SV_PARTNER_ORGANIZATION"),
            Get("member", "SV_PARTNER_MEMBER") ?? "",
            seconds);
    }
}
