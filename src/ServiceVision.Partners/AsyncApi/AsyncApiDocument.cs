using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceVision.Partners.Inbound;

namespace ServiceVision.Partners.AsyncApi;

/// <summary>
/// Builds the AsyncAPI 2.6 document of everything partners exchange with the platform: the events
/// on their outbound queue (from the contract records), the commands they publish to their inbound
/// exchange and the replies. Schemas come from the records by reflection (JSON Schema: strings,
/// integers, numbers, date-times, lists, nested records, enums, nullability), so the document cannot
/// drift from the code; a test keeps docs/partners/asyncapi.json equal to it.
/// </summary>
public static class AsyncApiDocument
{
    public const string Version = "1.0.0";

    /// <summary>Fields a partner must send in each command's data (every data property is nullable so a missing one is named in the fault).</summary>
    public static IReadOnlyDictionary<Type, string[]> RequiredCommandFields { get; } = new Dictionary<Type, string[]>
    {
        [typeof(MemberHiredV1)] = ["email", "name", "role"],
        [typeof(MemberLeftV1)] = ["memberId"],
        [typeof(CourseCompletedV1)] = ["memberId", "courseId", "completedAt"],
        [typeof(CustomerFeedbackV1)] = ["receivedAt"],
    };

    private static readonly NullabilityInfoContext nullability = new();

    private static readonly (string Type, Type Data, string Summary)[] commands =
    [
        (PartnerCommandTypes.MemberHired, typeof(MemberHiredV1), "Someone was hired: the organization invites them. Grant: MemberHired. The ack carries the invitation id."),
        (PartnerCommandTypes.MemberLeft, typeof(MemberLeftV1), "A member left: they are removed. Grant: MemberLeft."),
        (PartnerCommandTypes.CourseCompleted, typeof(CourseCompletedV1), "A member completed a course in the partner's LMS: stored as an external completion. Grant: CourseCompleted."),
        (PartnerCommandTypes.CustomerFeedback, typeof(CustomerFeedbackV1), "A customer gave feedback in the partner's tool: stored as partner-reported feedback. Grant: CustomerFeedback."),
    ];

    private static readonly (string Type, Type Data, string Summary)[] replies =
    [
        (PartnerCommandTypes.Accepted, typeof(CommandAcceptedV1), "A command took effect."),
        (PartnerCommandTypes.Rejected, typeof(CommandRejectedV1), "A command was rejected and changed nothing; the reason says why."),
    ];

    public static string ToJson() => Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    public static JsonObject Build()
    {
        var schemas = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var messages = new JsonObject();
        var outbound = new JsonArray();
        var inbound = new JsonArray();

        foreach (var e in PartnerEventTypes.All)
        {
            messages[MessageName(e.Type)] = Message(e.Type, e.Summary + $" Grant: {e.GrantKind}.", e.Contract, schemas);
            outbound.Add(Ref("#/components/messages/" + MessageName(e.Type)));
        }

        foreach (var (type, data, summary) in replies)
        {
            messages[MessageName(type)] = Message(type, summary, data, schemas);
            outbound.Add(Ref("#/components/messages/" + MessageName(type)));
        }

        foreach (var (type, data, summary) in commands)
        {
            messages[MessageName(type)] = Message(type, summary, data, schemas);
            inbound.Add(Ref("#/components/messages/" + MessageName(type)));
        }

        var schemaObject = new JsonObject();
        foreach (var (name, schema) in schemas)
        {
            schemaObject[name] = schema;
        }

        return new JsonObject
        {
            ["asyncapi"] = "2.6.0",
            ["id"] = "urn:servicevision:partners",
            ["info"] = new JsonObject
            {
                ["title"] = "ServiceVision partner messages",
                ["version"] = Version,
                ["description"] = "What partners receive on their outbound queue and send to their inbound exchange over AMQP 0-9-1 (RabbitMQ). "
                    + "Every message is a CloudEvents 1.0 JSON envelope; 'type' names the message and its version. See docs/partners/README.md.",
            },
            ["servers"] = new JsonObject
            {
                ["broker"] = new JsonObject
                {
                    ["url"] = "amqps://{host}:{port}/{vhost}",
                    ["protocol"] = "amqp",
                    ["protocolVersion"] = "0-9-1",
                    ["description"] = "The platform's RabbitMQ; the user name is partner-{partnerId}, the password is shown once when the partner is provisioned.",
                    ["variables"] = new JsonObject
                    {
                        ["host"] = new JsonObject { ["default"] = "broker.servicevision.example" },
                        ["port"] = new JsonObject { ["default"] = "5671" },
                        ["vhost"] = new JsonObject { ["default"] = "servicevision" },
                    },
                },
            },
            ["defaultContentType"] = PartnerEnvelope.ContentType,
            ["channels"] = new JsonObject
            {
                ["partner.{partnerId}.outbound"] = new JsonObject
                {
                    ["description"] = "The partner's queue: events of organizations that granted them, acks and faults of its commands. Read only; persistent messages; at least once (dedupe on id).",
                    ["parameters"] = PartnerParameter(),
                    ["subscribe"] = new JsonObject { ["operationId"] = "receiveFromPlatform", ["message"] = new JsonObject { ["oneOf"] = outbound } },
                    ["bindings"] = new JsonObject
                    {
                        ["amqp"] = new JsonObject
                        {
                            ["is"] = "queue",
                            ["queue"] = new JsonObject { ["name"] = "partner.{partnerId}.outbound", ["durable"] = true, ["exclusive"] = false, ["autoDelete"] = false, ["vhost"] = "{vhost}" },
                            ["bindingVersion"] = "0.2.0",
                        },
                    },
                },
                ["partner.{partnerId}.inbound"] = new JsonObject
                {
                    ["description"] = "The partner's fanout exchange: commands for an organization that granted them. Write only; publish with any routing key.",
                    ["parameters"] = PartnerParameter(),
                    ["publish"] = new JsonObject { ["operationId"] = "sendToPlatform", ["message"] = new JsonObject { ["oneOf"] = inbound } },
                    ["bindings"] = new JsonObject
                    {
                        ["amqp"] = new JsonObject
                        {
                            ["is"] = "routingKey",
                            ["exchange"] = new JsonObject { ["name"] = "partner.{partnerId}.inbound", ["type"] = "fanout", ["durable"] = true, ["autoDelete"] = false, ["vhost"] = "{vhost}" },
                            ["bindingVersion"] = "0.2.0",
                        },
                    },
                },
            },
            ["components"] = new JsonObject { ["messages"] = messages, ["schemas"] = schemaObject },
        };
    }

    private static JsonObject PartnerParameter() => new()
    {
        ["partnerId"] = new JsonObject { ["description"] = "The partner's id (ptn_ and 32 hex digits).", ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = "^ptn_[0-9a-f]{32}$" } },
    };

    private static string MessageName(string type) => type["servicevision.".Length..];

    private static JsonObject Ref(string target) => new() { ["$ref"] = target };

    private static JsonObject Message(string type, string summary, Type data, SortedDictionary<string, JsonNode> schemas)
    {
        var dataSchema = SchemaOf(data, nullable: false, schemas);
        return new JsonObject
        {
            ["name"] = type,
            ["title"] = data.Name,
            ["summary"] = summary,
            ["contentType"] = PartnerEnvelope.ContentType,
            ["payload"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("specversion", "type", "id", "organizationid", "data"),
                ["properties"] = new JsonObject
                {
                    ["specversion"] = new JsonObject { ["const"] = PartnerEnvelope.Version },
                    ["type"] = new JsonObject { ["const"] = type },
                    ["source"] = new JsonObject { ["type"] = "string", ["description"] = "urn:servicevision for the platform's messages; optional on commands." },
                    ["id"] = new JsonObject { ["type"] = "string", ["maxLength"] = InboundCommandHandler.MaxCommandIdLength, ["description"] = "Unique per message, stable across redeliveries: dedupe on it." },
                    ["time"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                    ["organizationid"] = new JsonObject { ["type"] = "string", ["description"] = "The organization the message belongs to." },
                    ["datacontenttype"] = new JsonObject { ["const"] = "application/json" },
                    ["data"] = dataSchema,
                },
            },
        };
    }

    private static JsonNode SchemaOf(Type type, bool nullable, SortedDictionary<string, JsonNode> schemas)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return SchemaOf(underlying, nullable: true, schemas);
        }

        JsonObject schema;
        if (type == typeof(string))
        {
            schema = Simple("string");
        }
        else if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            schema = Simple("integer");
        }
        else if (type == typeof(decimal) || type == typeof(double) || type == typeof(float))
        {
            schema = Simple("number");
        }
        else if (type == typeof(bool))
        {
            schema = Simple("boolean");
        }
        else if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            schema = Simple("string");
            schema["format"] = "date-time";
        }
        else if (type.IsEnum)
        {
            schema = Simple("string");
            schema["enum"] = new JsonArray([.. Enum.GetNames(type).Select(n => (JsonNode)n)]);
        }
        else if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && ElementType(type) is { } element)
        {
            schema = Simple("array");
            schema["items"] = SchemaOf(element, nullable: false, schemas);
        }
        else
        {
            if (!schemas.ContainsKey(type.Name))
            {
                schemas[type.Name] = new JsonObject();
                schemas[type.Name] = ObjectSchema(type, schemas);
            }

            var reference = Ref("#/components/schemas/" + type.Name);
            return nullable ? new JsonObject { ["oneOf"] = new JsonArray(reference, Simple("null")) } : reference;
        }

        if (nullable)
        {
            schema["type"] = new JsonArray(schema["type"]!.GetValue<string>(), "null");
        }

        return schema;
    }

    private static JsonObject ObjectSchema(Type type, SortedDictionary<string, JsonNode> schemas)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        var mustSend = RequiredCommandFields.GetValueOrDefault(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is not null && p.Name != "EqualityContract"))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var isRequired = mustSend is not null ? mustSend.Contains(name) : !IsNullable(property);
            var propertyType = mustSend is not null && isRequired ? Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType : property.PropertyType;
            properties[name] = SchemaOf(propertyType, nullable: !isRequired && IsNullable(property) && Nullable.GetUnderlyingType(propertyType) is null, schemas);
            if (isRequired)
            {
                required.Add(name);
            }
        }

        return new JsonObject { ["type"] = "object", ["title"] = type.Name, ["required"] = required, ["properties"] = properties, ["additionalProperties"] = true };
    }

    private static bool IsNullable(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && nullability.Create(property).ReadState == NullabilityState.Nullable);

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)))?.GetGenericArguments()[0];

    private static JsonObject Simple(string type) => new() { ["type"] = type };
}
