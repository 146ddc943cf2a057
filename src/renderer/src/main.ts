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
  console.warn(err);
};
window.addEventListener('unhandledrejection', (e) => {
  useErrorsStore(pinia).push(e.reason, 'Unhandled');
  e.preventDefault();
});
app.mount('#app');
