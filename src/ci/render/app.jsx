// The page that renders one Dashboard Studio definition with Splunk's own framework
// (@splunk/dashboard-core inside @splunk/dashboard-context, the Enterprise view-only preset).
// Bundled by esbuild; render.js loads it in headless Chromium and calls window.renderDashboard.
import React from 'react';
import { createRoot } from 'react-dom/client';
import DashboardCore from '@splunk/dashboard-core';
import { DashboardContextProvider } from '@splunk/dashboard-context';
import EnterpriseViewOnlyPreset from '@splunk/dashboard-presets/EnterpriseViewOnlyPreset';
import SplunkThemeProvider from '@splunk/themes/SplunkThemeProvider';

// theme: the view's <dashboard theme="light|dark">, as Splunk Web applies it.
window.renderDashboard = (definition, theme) => {
  document.body.style.background = theme === 'dark' ? '#0b0c0e' : '#ffffff';
  const root = createRoot(document.getElementById('root'));
  root.render(
    <SplunkThemeProvider family="enterprise" colorScheme={theme} density="comfortable">
      <DashboardContextProvider preset={EnterpriseViewOnlyPreset} initialDefinition={definition}>
        <DashboardCore width="100%" height="100%" />
      </DashboardContextProvider>
    </SplunkThemeProvider>,
  );
};
