// Pathways in Azure: one Linux web app (bot endpoint, REST API, tab and Outlook
// add-in assets), its Azure Bot registration for Teams, PostgreSQL, and a Key
// Vault for every secret. Deployed by `teamsapp provision` (arm/deploy) with
// infra/azure.parameters.json; outputs are written back to env/.env.<env>.

@minLength(4)
@maxLength(20)
@description('Base of every resource name, e.g. pathways + a random suffix.')
param resourceBaseName string

param location string = resourceGroup().location

@description('Microsoft 365 tenant that owns the bot and SSO Entra apps (the partnership tenant).')
param tenantId string = tenant().tenantId

@description('Partnership this deployment serves first (PARTNERSHIP setting), e.g. hsscp.')
param partnership string = 'hsscp'

@description('Every partnership this deployment serves, comma-separated (PARTNERSHIPS setting), e.g. hsscp,stockport. Empty: the partnership above alone.')
param partnerships string = ''

@description('Display name of the Azure Bot.')
@maxLength(42)
param botDisplayName string = 'Pathways'

@description('Client id of the bot Entra app (botAadApp/create).')
param botAadAppClientId string

@secure()
@description('Client secret of the bot Entra app. Stored only in Key Vault.')
param botAadAppClientSecret string

@description('Client id of the SSO / Microsoft Graph Entra app (aadApp/create).')
param aadAppClientId string

@secure()
@description('Client secret of the SSO Entra app. Stored only in Key Vault.')
param aadAppClientSecret string

@description('App Service plan SKU. B1 or above: "always on" is not available on Free/Shared. Basic (B1-B3) scales out to 3 instances, Standard to 10, Premium v3 to 30.')
param webAppSku string = 'B1'

@description('Instances of the service, all on the one PostgreSQL server (README: Production topology). Two or more: one can restart, be replaced or be evicted by the health check while the other serves; pacing of Teams and Graph is shared through the database, so more instances do not send faster than Microsoft 365 allows.')
@minValue(1)
@maxValue(30)
param instanceCount int = 2

@description('Azure Bot pricing tier. F0 is free; Teams is a standard channel either way.')
@allowed(['F0', 'S1'])
param botServiceSku string = 'F0'

@description('PostgreSQL compute SKU and tier. B1ms allows 35 user connections: each instance holds up to 10, so 3 instances at most (README: Production topology).')
param postgresSkuName string = 'Standard_B1ms'
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL high availability: ZoneRedundant keeps a standby in another zone and fails over by itself. Needs the GeneralPurpose or MemoryOptimized tier (not Burstable).')
@allowed(['Disabled', 'SameZone', 'ZoneRedundant'])
param postgresHighAvailability string = 'Disabled'

@description('PostgreSQL administrator login (password authentication, used by the service until it moves to Entra tokens).')
param postgresAdminLogin string = 'pathwaysadmin'

@secure()
@description('PostgreSQL administrator password. Goes into Key Vault (inside DATABASE_URL) and nowhere else.')
param postgresAdminPassword string

@description('Login the service connects as: a member of pathways_app (no UPDATE/DELETE on the audit trail). Created at first start by the migration connection if missing.')
param postgresAppLogin string = 'pathways_web'

@secure()
@description('Password of that login. Goes into Key Vault (inside DATABASE_URL) and nowhere else.')
param postgresAppPassword string

@secure()
@description('Ed25519 private key (PKCS#8, base64 DER or PEM) that signs the audit chain head (AUDIT_SIGNING_KEY). Goes into Key Vault and nowhere else: never into the database.')
param auditSigningKey string

@description('Object id of the Entra group that administers PostgreSQL with Entra sign-in. Empty: none is set.')
param postgresEntraAdminObjectId string = ''

@description('Display name of that Entra group.')
param postgresEntraAdminName string = ''

var suffix = uniqueString(resourceGroup().id, resourceBaseName)
var webAppName = resourceBaseName
var keyVaultName = 'kv${suffix}'
var postgresServerName = '${resourceBaseName}-pg-${suffix}'
var databaseName = 'pathways'
// Built-in role: Key Vault Secrets User (read secret values, nothing else).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// ---------------------------------------------------------------- App Service

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: instanceCount // scaled out: every instance serves requests and runs jobs
  }
  properties: {
    reserved: true // Linux
    perSiteScaling: false
  }
}

resource webApp 'Microsoft.Web/sites@2024-04-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // No sticky sessions: the instances are stateless (state lives in PostgreSQL), so any
    // instance answers any request, and the load balancer spreads them.
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // The deployed zip is the built repository: bot/dist/main.js serves everything.
      appCommandLine: 'node bot/dist/main.js'
      // An instance failing /healthz (e.g. its database connection lost) is taken out of the
      // load balancer's rotation and, if it stays unhealthy, replaced.
      healthCheckPath: '/healthz'
    }
  }
}

// ------------------------------------------------------------------ Key Vault

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true // no access policies: Azure RBAC only
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled' // App Service reaches it without a VNet
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-password'
  properties: {
    value: botAadAppClientSecret
    contentType: 'Bot Entra app client secret'
  }
}

resource aadAppSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'aad-app-client-secret'
  properties: {
    value: aadAppClientSecret
    contentType: 'SSO Entra app client secret'
  }
}

// The service runs as a least-privilege login (pathways_app); only migrations use the
// administrator, through DATABASE_MIGRATION_URL. The service creates its login from
// these two strings at first start (bot/src/db/migrate.ts, ensureAppLogin).
resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: 'postgresql://${postgresAppLogin}:${uriComponent(postgresAppPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require'
    contentType: 'PostgreSQL connection string (the service, pathways_app)'
  }
}

resource databaseMigrationUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-migration-url'
  properties: {
    value: 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require'
    contentType: 'PostgreSQL connection string (schema owner, migrations only)'
  }
}

resource auditSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'audit-signing-key'
  properties: {
    value: auditSigningKey
    contentType: 'Ed25519 private key: signs the audit chain head (npm run audit:verify)'
  }
}

// The web app's own identity may read secrets from this vault, and only that.
resource webAppReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, webApp.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// ----------------------------------------------------------------- PostgreSQL

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresServerName
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Enabled'
      tenantId: subscription().tenantId // Entra sign-in for the Azure tenant's people and identities
    }
    storage: {
      storageSizeGB: 32
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: postgresHighAvailability
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 - 0.0.0.0 is Azure's "allow Azure services" rule (the web app has no fixed outbound IP here).
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [database] // the server accepts one change at a time
}

resource postgresEntraAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = if (!empty(postgresEntraAdminObjectId)) {
  parent: postgres
  name: empty(postgresEntraAdminObjectId) ? 'none' : postgresEntraAdminObjectId
  properties: {
    principalName: postgresEntraAdminName
    principalType: 'Group'
    tenantId: subscription().tenantId
  }
  dependsOn: [allowAzureServices]
}

// ------------------------------------------------------------- App settings

// The service's configuration (bot/src/config/config.ts). Secrets are Key
// Vault references resolved by the web app's managed identity; PORT is set by
// App Service itself.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    HOST: '0.0.0.0'
    PUBLIC_URL: 'https://${webApp.properties.defaultHostName}'
    PARTNERSHIP: partnership
    PARTNERSHIPS: partnerships
    LOG_LEVEL: 'info'
    NODE_ENV: 'production'
    // App Service's front end is one proxy: client addresses for rate limits.
    TRUST_PROXY: '1'
    // Out of rotation after 2 failed health checks a minute apart (default 10), so a broken
    // instance stops taking requests quickly when the others can carry them.
    WEBSITE_HEALTHCHECK_MAXPINGFAILURES: '2'
    DATABASE_URL: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${databaseUrlSecret.name})'
    DATABASE_MIGRATION_URL: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${databaseMigrationUrlSecret.name})'
    AUDIT_SIGNING_KEY: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${auditSigningKeySecret.name})'
    TEAMS_APP_TENANT_ID: tenantId
    BOT_ID: botAadAppClientId
    BOT_PASSWORD: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${botPasswordSecret.name})'
    BOT_TYPE: 'SingleTenant'
    AAD_APP_CLIENT_ID: aadAppClientId
    AAD_APP_CLIENT_SECRET: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${aadAppSecret.name})'
    // The zip is already built (teamsapp deploy runs npm ci + build): run it as is.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    WEBSITE_RUN_FROM_PACKAGE: '1'
  }
  dependsOn: [webAppReadsSecrets]
}

// ------------------------------------------------------------------ Azure Bot

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// -------------------------------------------------- Outputs for Teams Toolkit

// Written to env/.env.<env> by arm/deploy; the manifest and deploy steps read them.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output PUBLIC_URL string = 'https://${webApp.properties.defaultHostName}'
output AZURE_BOT_NAME string = bot.name
output KEY_VAULT_NAME string = vault.name
output POSTGRES_SERVER_FQDN string = postgres.properties.fullyQualifiedDomainName
output POSTGRES_DATABASE string = database.name
