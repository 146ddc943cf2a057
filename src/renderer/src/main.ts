import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { useErrorsStore } from './stores/errors';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
// Nothing is swallowed: render errors and unhandled rejections reach the error banner.
app.config.errorHandler = (err) => {
  useErrorsStore(pinia).push(err, 'Unexpected error');
  // Logged as an error so the end-to-end page object fails on it.
  console.error(err);
};
window.addEventListener('unhandledrejection', (e) => {
  // Errors a store already reported (guard) are not shown twice; anything else is shown and logged.
  if (useErrorsStore(pinia).push(e.reason, 'Unhandled')) console.error(e.reason);
  e.preventDefault();
});
app.mount('#app');
