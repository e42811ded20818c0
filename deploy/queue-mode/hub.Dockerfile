# The Connector Hub from this repository (the hub package is a workspace, not published separately).
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npm install --no-audit --no-fund && npm run build && npm prune --omit=dev --workspaces --include-workspace-root
USER node
EXPOSE 5680
ENTRYPOINT ["node", "bin/data-connectors.js"]
