using System.Text.RegularExpressions;

namespace BackCare.Deploy.Tests;

/// <summary>The base's resources agree with the app (its health endpoints, its image, its port and user) and with each other.</summary>
public partial class DeploymentTests
{
    /// <summary>The uid of the "app" user that the aspnet images (.NET 8 and later) create, which the Dockerfile's USER app runs as.</summary>
    private const long AspnetAppUid = 1654;

    private static readonly V1Deployment Deployment = Manifests.Load<V1Deployment>("base/deployment.yaml");
    private static readonly V1Service Service = Manifests.Load<V1Service>("base/service.yaml");
    private static readonly V1Container Api = Assert.Single(Deployment.Spec.Template.Spec.Containers);
    private static readonly IDictionary<string, string> PodLabels = Deployment.Spec.Template.Metadata.Labels;

    [Fact]
    public void The_probes_call_the_health_endpoints_the_app_maps()
    {
        var mapped = MappedHealthPaths().Matches(Repository.Read("src", "BackCare.Api", "Hosting", "Health.cs")).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("/health/ready", mapped);
        Assert.Contains("/health/live", mapped);

        Assert.Equal("/health/ready", Api.StartupProbe.HttpGet.Path);
        Assert.Equal("/health/ready", Api.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/health/live", Api.LivenessProbe.HttpGet.Path);
        Assert.All([Api.StartupProbe, Api.ReadinessProbe, Api.LivenessProbe], probe => Assert.Null(probe.Exec));
    }

    [Fact]
    public void The_probes_the_container_the_image_and_the_app_use_one_port()
    {
        var port = Assert.Single(Api.Ports);
        Assert.Equal(("http", 8080, "TCP"), (port.Name, port.ContainerPort, port.Protocol));

        Assert.All([Api.StartupProbe, Api.ReadinessProbe, Api.LivenessProbe], probe => Assert.Equal(8080, ContainerPort(probe.HttpGet.Port)));
        Assert.Equal("8080", Assert.Single(Api.Env, e => e.Name == "ASPNETCORE_HTTP_PORTS").Value);
        Assert.Equal("8080", Dockerfile.Shipped.Env["ASPNETCORE_HTTP_PORTS"]);
        Assert.Equal(["8080"], Dockerfile.Shipped.Exposed);
    }

    [Fact]
    public void The_service_targets_the_container_port_by_name_on_the_api_pods()
    {
        Assert.Equal("ClusterIP", Service.Spec.Type);
        var port = Assert.Single(Service.Spec.Ports);
        Assert.Equal(("http", 80), (port.Name, port.Port));
        Assert.Equal("http", port.TargetPort.Value);
        Assert.Equal(8080, ContainerPort(port.TargetPort));
        AssertSelects(Service.Spec.Selector, "the Service");
    }

    [Fact]
    public void The_image_is_the_one_the_dockerfile_builds_and_runs_as_its_app_user()
    {
        Assert.Equal(Dockerfile.Shipped.Tag, Api.Image);
        Assert.Equal("backcare-api:1.0.0", Api.Image);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", Dockerfile.Shipped.RuntimeImage, StringComparison.Ordinal);
        Assert.Equal("app", Dockerfile.Shipped.User);

        Assert.Equal(AspnetAppUid, Deployment.Spec.Template.Spec.SecurityContext.RunAsUser);
        Assert.Equal(AspnetAppUid, Api.SecurityContext.RunAsUser);
    }

    [Fact]
    public void The_pod_runs_locked_down()
    {
        var pod = Deployment.Spec.Template.Spec;
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);

        var container = Api.SecurityContext;
        Assert.True(container.RunAsNonRoot);
        Assert.True(container.ReadOnlyRootFilesystem);
        Assert.False(container.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.Capabilities.Drop);
        Assert.Null(container.Capabilities.Add);
        Assert.Null(container.Privileged);
        Assert.Equal("RuntimeDefault", container.SeccompProfile.Type);

        // The only writable path is an emptyDir at /tmp.
        var mount = Assert.Single(Api.VolumeMounts);
        Assert.Equal("/tmp", mount.MountPath);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == mount.Name).EmptyDir);
    }

    [Fact]
    public void Resources_are_requested_and_limited()
    {
        Assert.Equal("250m", Api.Resources.Requests["cpu"].ToString());
        Assert.Equal("256Mi", Api.Resources.Requests["memory"].ToString());
        Assert.Equal("1", Api.Resources.Limits["cpu"].ToString());
        Assert.Equal("512Mi", Api.Resources.Limits["memory"].ToString());
    }

    [Fact]
    public void A_terminating_pod_leaves_rotation_then_drains_within_its_grace_period()
    {
        var preStop = Api.Lifecycle.PreStop;
        Assert.Equal(5, preStop.Sleep.Seconds);
        Assert.Null(preStop.Exec);

        var grace = Deployment.Spec.Template.Spec.TerminationGracePeriodSeconds;
        Assert.Equal(30, grace);
        var drain = long.Parse(Manifests.Load<V1ConfigMap>("base/configmap.yaml").Data["Shutdown__TimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(preStop.Sleep.Seconds + drain < grace, $"preStop {preStop.Sleep.Seconds} s + drain {drain} s does not fit in {grace} s.");
    }

    [Fact]
    public void The_environment_comes_from_the_base_config_map_and_secret()
    {
        Assert.Equal(Manifests.Load<V1ConfigMap>("base/configmap.yaml").Metadata.Name, Assert.Single(Api.EnvFrom, e => e.ConfigMapRef is not null).ConfigMapRef.Name);
        Assert.Equal(Manifests.Load<V1Secret>("base/secret.yaml").Metadata.Name, Assert.Single(Api.EnvFrom, e => e.SecretRef is not null).SecretRef.Name);
        Assert.Equal(2, Api.EnvFrom.Count);
    }

    [Fact]
    public void The_deployment_selects_its_own_pods_and_spreads_them_across_zones_and_nodes()
    {
        Assert.Equal("backcare-api", Deployment.Metadata.Name);
        AssertSelects(Deployment.Spec.Selector.MatchLabels, "the Deployment");
        Assert.Null(Deployment.Spec.Replicas);
        Assert.Equal(0, int.Parse(Deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value, System.Globalization.CultureInfo.InvariantCulture));

        var spread = Deployment.Spec.Template.Spec.TopologySpreadConstraints;
        Assert.Equal(["topology.kubernetes.io/zone", "kubernetes.io/hostname"], spread.Select(c => c.TopologyKey));
        Assert.All(spread, c => AssertSelects(c.LabelSelector.MatchLabels, $"the spread over {c.TopologyKey}"));
    }

    [Fact]
    public void The_autoscaler_scales_the_deployment_on_cpu()
    {
        var hpa = Manifests.Load<V2HorizontalPodAutoscaler>("base/hpa.yaml");
        Assert.Equal(("apps/v1", "Deployment", Deployment.Metadata.Name), (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal((2, 10), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        var metric = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal(("Resource", "cpu", "Utilization", 70), (metric.Type, metric.Resource.Name, metric.Resource.Target.Type, metric.Resource.Target.AverageUtilization));
    }

    [Fact]
    public void The_disruption_budget_keeps_one_api_pod()
    {
        var pdb = Manifests.Load<V1PodDisruptionBudget>("base/pdb.yaml");
        Assert.Equal("1", pdb.Spec.MinAvailable.Value);
        Assert.Null(pdb.Spec.MaxUnavailable);
        AssertSelects(pdb.Spec.Selector.MatchLabels, "the PodDisruptionBudget");
        Assert.Equal(Deployment.Spec.Selector.MatchLabels, pdb.Spec.Selector.MatchLabels);
    }

    [Fact]
    public void Only_the_ingress_controllers_namespace_reaches_the_api_port()
    {
        var policy = Manifests.Load<V1NetworkPolicy>("base/networkpolicy.yaml");
        AssertSelects(policy.Spec.PodSelector.MatchLabels, "the NetworkPolicy");
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);

        var rule = Assert.Single(policy.Spec.Ingress);
        var peer = Assert.Single(rule.FromProperty);
        Assert.Null(peer.PodSelector);
        Assert.Null(peer.IpBlock);
        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "ingress-nginx" }, peer.NamespaceSelector.MatchLabels);
        var port = Assert.Single(rule.Ports);
        Assert.Equal(("TCP", 8080), (port.Protocol, ContainerPort(port.Port)));
    }

    [Fact]
    public void The_ingress_serves_the_service_over_tls()
    {
        var ingress = Manifests.Load<V1Ingress>("base/ingress.yaml");
        Assert.Equal("nginx", ingress.Spec.IngressClassName);
        Assert.Equal("1m", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-body-size"]);

        var tls = Assert.Single(ingress.Spec.Tls);
        Assert.Equal(("backcare-tls", "backcare.example.org"), (tls.SecretName, Assert.Single(tls.Hosts)));
        var rule = Assert.Single(ingress.Spec.Rules);
        Assert.Equal("backcare.example.org", rule.Host);
        var path = Assert.Single(rule.Http.Paths);
        Assert.Equal(("/", "Prefix"), (path.Path, path.PathType));
        Assert.Equal(Service.Metadata.Name, path.Backend.Service.Name);
        Assert.Equal(Assert.Single(Service.Spec.Ports).Name, path.Backend.Service.Port.Name);
    }

    /// <summary>The API container's port that a probe, the Service or the policy names, by name or number.</summary>
    private static int ContainerPort(IntOrString port) =>
        int.TryParse(port.Value, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
            : Assert.Single(Api.Ports, p => p.Name == port.Value).ContainerPort;

    private static void AssertSelects(IDictionary<string, string> selector, string what)
    {
        Assert.NotEmpty(selector);
        Assert.All(selector, pair => Assert.True(PodLabels.TryGetValue(pair.Key, out var value) && value == pair.Value,
            $"{what} selects {pair.Key}={pair.Value}, which the API pods do not have."));
    }

    [GeneratedRegex(@"MapHealthChecks\(""([^""]+)""")]
    private static partial Regex MappedHealthPaths();
}
