using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests.Checks;

/// <summary>The Kubernetes manifests: Deployments, autoscalers, Services and the references between objects.</summary>
public static class KubernetesChecks
{
    /// <summary>3 silos and 2 gateways, resources set, non-root, and a silo that listens on its pod IP.</summary>
    public static IReadOnlyList<string> DeploymentsAreAsPlanned(DeployFiles files)
    {
        var problems = new List<string>();
        var deployments = files.Deployments().ToList();
        foreach (var (host, replicas) in new[] { (Hosts.Silo, "3"), (Hosts.Gateway, "2") })
        {
            var found = deployments.Where(d => d.HostOf() == host).ToList();
            if (found.Count != 1 || found[0].Node.At("spec", "replicas").Str() != replicas)
            {
                problems.Add($"expected one {host} Deployment with {replicas} replicas, found {found.Count} ({string.Join(", ", found.Select(d => d.Node.At("spec", "replicas").Str()))})");
            }
        }

        foreach (var deployment in deployments)
        {
            if (deployment.Node.At("spec", "template", "spec", "securityContext", "runAsNonRoot").Str() != "true")
            {
                problems.Add($"{deployment.File}: Deployment {deployment.Name} does not set runAsNonRoot: true");
            }

            foreach (var container in deployment.Containers())
            {
                foreach (var path in new[] { new[] { "requests", "cpu" }, ["requests", "memory"], ["limits", "cpu"], ["limits", "memory"] })
                {
                    if (container.Child("resources").At(path).Str() is null)
                    {
                        problems.Add($"{deployment.File}: Deployment {deployment.Name} sets no resources.{string.Join('.', path)}");
                    }
                }

                var host = container.Child("env").Items().FirstOrDefault(e => e.Child("name").Str() == "Netra__Cluster__Host");
                if (deployment.HostOf() == Hosts.Silo && host.At("valueFrom", "fieldRef", "fieldPath").Str() != "status.podIP")
                {
                    problems.Add($"{deployment.File}: Deployment {deployment.Name} does not take Netra__Cluster__Host from status.podIP");
                }
            }
        }

        return problems;
    }

    /// <summary>One CPU autoscaler per Deployment, each targeting an existing Deployment whose replicas lie within its bounds.</summary>
    public static IReadOnlyList<string> AutoscalersTargetTheDeployments(DeployFiles files)
    {
        var problems = new List<string>();
        var objects = files.Kubernetes();
        var autoscalers = objects.Where(o => o.Kind == "HorizontalPodAutoscaler").ToList();
        foreach (var hpa in autoscalers)
        {
            var target = hpa.Node.At("spec", "scaleTargetRef");
            var deployment = objects.FirstOrDefault(o => o.Kind == target.Child("kind").Str() && o.Name == target.Child("name").Str() && o.Namespace == hpa.Namespace);
            if (deployment is null || deployment.Kind != "Deployment" || target.Child("apiVersion").Str() != deployment.Node.Child("apiVersion").Str())
            {
                problems.Add($"{hpa.File}: autoscaler {hpa.Name} targets {target.Child("kind").Str()} {target.Child("name").Str()}, which is no Deployment of namespace {hpa.Namespace}");
                continue;
            }

            var min = int.Parse(hpa.Node.At("spec", "minReplicas").Str() ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            var max = int.Parse(hpa.Node.At("spec", "maxReplicas").Str() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            var replicas = int.Parse(deployment.Node.At("spec", "replicas").Str() ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            if (replicas < min || replicas > max)
            {
                problems.Add($"{hpa.File}: autoscaler {hpa.Name} scales between {min} and {max}, but {deployment.Name} asks for {replicas}");
            }

            if (!hpa.Node.At("spec", "metrics").Items().Any(m => m.Child("type").Str() == "Resource" && m.At("resource", "name").Str() == "cpu"))
            {
                problems.Add($"{hpa.File}: autoscaler {hpa.Name} does not scale on CPU");
            }
        }

        foreach (var deployment in objects.Where(o => o.Kind == "Deployment"))
        {
            if (autoscalers.Count(a => a.Node.At("spec", "scaleTargetRef", "name").Str() == deployment.Name) != 1)
            {
                problems.Add($"Deployment {deployment.Name} has no autoscaler of its own");
            }
        }

        return problems;
    }

    /// <summary>Services select Deployments' pods and target their ports; env references name existing ConfigMaps, Secrets and keys; kustomization lists every file; one namespace.</summary>
    public static IReadOnlyList<string> ReferencesResolve(DeployFiles files)
    {
        var problems = new List<string>();
        var objects = files.Kubernetes();
        var namespaces = objects.Where(o => o.Kind == "Namespace").Select(o => o.Name).ToList();
        problems.AddRange(objects.Where(o => o.Kind != "Namespace" && (namespaces.Count != 1 || o.Namespace != namespaces[0]))
            .Select(o => $"{o.File}: {o.Kind} {o.Name} is in namespace {o.Namespace ?? "(none)"}, not the manifests' one namespace"));
        foreach (var service in objects.Where(o => o.Kind == "Service"))
        {
            var selector = service.Node.At("spec", "selector").Entries().ToDictionary(e => e.Key, e => e.Value.Str());
            var pods = objects.Where(o => o.Kind == "Deployment" && selector.Count > 0
                && selector.All(s => o.Node.At("spec", "template", "metadata", "labels").Child(s.Key).Str() == s.Value)).ToList();
            var portNames = pods.SelectMany(p => p.Containers()).SelectMany(c => c.Child("ports").Items()).SelectMany(p => new[] { p.Child("name").Str(), p.Child("containerPort").Str() }).ToHashSet();
            if (pods.Count == 0)
            {
                problems.Add($"{service.File}: Service {service.Name} selects no Deployment's pods");
            }

            problems.AddRange(service.Node.At("spec", "ports").Items().Where(p => !portNames.Contains(p.Child("targetPort").Str()))
                .Select(p => $"{service.File}: Service {service.Name} targets port {p.Child("targetPort").Str()}, which its pods do not have"));
        }

        foreach (var deployment in objects.Where(o => o.Kind == "Deployment"))
        {
            foreach (var container in deployment.Containers())
            {
                foreach (var map in container.Child("envFrom").Items().Select(e => e.At("configMapRef", "name").Str()))
                {
                    if (!objects.Any(o => o.Kind == "ConfigMap" && o.Name == map))
                    {
                        problems.Add($"{deployment.File}: Deployment {deployment.Name} reads ConfigMap {map}, which no manifest defines");
                    }
                }

                foreach (var reference in container.Child("env").Items().Select(e => e.At("valueFrom", "secretKeyRef")).OfType<YamlDotNet.RepresentationModel.YamlNode>())
                {
                    var secret = objects.FirstOrDefault(o => o.Kind == "Secret" && o.Name == reference.Child("name").Str());
                    if (secret?.Node.Child("stringData").Child(reference.Child("key").Str() ?? "") is null && secret?.Node.Child("data").Child(reference.Child("key").Str() ?? "") is null)
                    {
                        problems.Add($"{deployment.File}: Deployment {deployment.Name} reads key {reference.Child("key").Str()} of Secret {reference.Child("name").Str()}, which does not exist");
                    }
                }
            }
        }

        var listed = Yaml.Documents(files.Text($"{DeployFiles.K8sDirectory}/kustomization.yaml")).Single().Child("resources").Items().Select(i => $"{DeployFiles.K8sDirectory}/{i.Str()}").ToHashSet();
        var present = files.K8sFiles.Where(f => !f.EndsWith("/kustomization.yaml", StringComparison.Ordinal)).ToHashSet();
        if (!listed.SetEquals(present))
        {
            problems.Add($"kustomization.yaml lists [{string.Join(", ", listed.Order())}] but the manifests are [{string.Join(", ", present.Order())}]");
        }

        return problems;
    }
}
